import { type ParseArgsConfig, parseArgs } from 'node:util';

/**
 * A command's options parsed by node:util `parseArgs`, or, when they cannot be (an unknown option,
 * a missing value, a stray argument), what is wrong and the command's usage, and exit 2. Every
 * command here keeps 2 for "unusable arguments or configuration", apart from 1 for "a step
 * failed", so a CI step can tell a typo from a broken provider.
 */
export function parseArgsOrExit<T extends ParseArgsConfig>(
  config: T,
  usage: string,
): ReturnType<typeof parseArgs<T>> {
  try {
    return parseArgs(config);
  } catch (error) {
    if (isUsageError(error)) exitWithUsage(error.message, usage);
    throw error;
  }
}

/** Print a problem with the arguments, then the usage, and exit 2 (see {@link parseArgsOrExit}). */
export function exitWithUsage(problem: string, usage: string): never {
  console.error(problem);
  console.error(usage);
  process.exit(2);
}

/** node:util parseArgs refuses unknown or malformed options with these codes. */
function isUsageError(error: unknown): error is Error {
  return (
    error instanceof Error &&
    'code' in error &&
    typeof error.code === 'string' &&
    error.code.startsWith('ERR_PARSE_ARGS')
  );
}
