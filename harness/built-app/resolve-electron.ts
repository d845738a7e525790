/** A Node module-resolution hook (`module.register`): `electron` is the stand-in, nothing else changes. */
interface HookData {
  readonly standIn: string;
}
interface ResolveResult {
  readonly url: string;
  readonly format?: string | null;
  readonly shortCircuit?: boolean;
}
type NextResolve = (specifier: string, context: unknown) => Promise<ResolveResult>;

let standIn = '';

export function initialize(data: HookData): void {
  standIn = data.standIn;
}

export async function resolve(
  specifier: string,
  context: unknown,
  next: NextResolve,
): Promise<ResolveResult> {
  if (specifier === 'electron') return { url: standIn, format: 'module', shortCircuit: true };
  return next(specifier, context);
}
