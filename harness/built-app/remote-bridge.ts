import type { CallbackRef, ChildMessage, ParentCommand } from './messages.js';

/**
 * Make the object a preload exposed callable from another process, the way `contextBridge` makes it
 * callable from the page's world: arguments and results are copied, and a function on either side
 * becomes a reference the other side calls back through.
 */
export function exposeAcrossProcesses(
  name: string,
  api: Readonly<Record<string, unknown>>,
  send: (message: ChildMessage) => void,
): void {
  const functions = new Map<number, () => unknown>();
  let nextFunction = 1;
  const fromParent = (value: unknown): unknown =>
    isCallbackRef(value)
      ? (...args: unknown[]) => send({ kind: 'callback', callbackId: value.__callback, args })
      : value;
  const toParent = (value: unknown): unknown => {
    if (typeof value !== 'function') return value;
    const id = nextFunction++;
    functions.set(id, value as () => unknown);
    return { __function: id };
  };
  const reply = async (requestId: number, work: () => unknown) => {
    try {
      send({ kind: 'reply', requestId, ok: true, value: toParent(await work()) });
    } catch (error) {
      send({
        kind: 'reply',
        requestId,
        ok: false,
        error: error instanceof Error ? error.message : String(error),
      });
    }
  };
  process.on('message', (command: ParentCommand) => {
    if (command.kind === 'call') {
      void reply(command.requestId, () => {
        const member = api[command.member];
        if (typeof member !== 'function') throw new Error(`${name}.${command.member} is not a function`);
        return (member as (...args: unknown[]) => unknown)(...command.args.map(fromParent));
      });
    } else if (command.kind === 'call-function') {
      void reply(command.requestId, () => functions.get(command.functionId)?.());
    }
  });
}

function isCallbackRef(value: unknown): value is CallbackRef {
  return typeof value === 'object' && value !== null && typeof (value as CallbackRef).__callback === 'number';
}
