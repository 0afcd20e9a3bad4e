// The AWS SDK warns on every start that its future releases will need Node 22; the stack talks only to the local
// stand-in, so that line is noise in the terminal. Every other warning still prints.
const emitWarning = process.emitWarning.bind(process) as (...args: unknown[]) => void;
process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
  const name = warning instanceof Error ? warning.name : typeof rest[0] === 'string' ? rest[0] : (rest[0] as { type?: string } | undefined)?.type;
  if (name === 'NodeVersionSupportWarning') return;
  emitWarning(warning, ...rest);
}) as typeof process.emitWarning;
