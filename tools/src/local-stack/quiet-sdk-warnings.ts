// The AWS SDK warns on every start that its future releases will need Node 22; the stack talks only to the local
// stand-in, so that paragraph is noise in the terminal. Every other warning still prints.
const emitWarning = process.emitWarning.bind(process) as (...args: unknown[]) => void;
process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
  const text = warning instanceof Error ? `${warning.name}: ${warning.message}` : String(warning);
  if (text.startsWith('NodeVersionSupportWarning')) return;
  emitWarning(warning, ...rest);
}) as typeof process.emitWarning;
