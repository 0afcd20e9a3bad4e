import type { Trace, TraceHop, TraceNote } from './trace-hop';

/** A note's extra fields are cut to this many characters: the full line is in the log file. */
const MAX_FIELDS_CHARS = 160;

interface HopRow {
  offset: string;
  hop: string;
  request: string;
  status: string;
  duration: string;
}

/** The trace as a table whose hop column is a call tree, with each hop's warnings and errors under it. */
export function formatTrace(trace: Trace, source: string): string {
  const base = baseOf(trace);
  const hops = allHops(trace.roots);
  const rows: Array<HopRow | string> = [];
  const visit = (hop: TraceHop, branch: string, stem: string) => {
    rows.push({
      offset: offset(hop.startMs, base),
      hop: `${branch}${hop.hop}`,
      request: `${hop.method} ${hop.target}`,
      status: hop.aborted ? 'aborted' : (hop.status?.toString() ?? '?'),
      duration: hop.durationMs === undefined ? '?' : hop.durationMs.toFixed(1),
    });
    // Notes and calls in time order, so the start column reads top to bottom.
    const items = [...hop.notes.map((note) => ({ at: note.timeMs, note })), ...hop.children.map((child) => ({ at: child.startMs, child }))];
    items.sort((a, b) => a.at - b.at);
    let callsLeft = hop.children.length;
    for (const item of items) {
      if ('note' in item) {
        rows.push(`${offset(item.at, base).padStart(8)}  ${stem}${callsLeft > 0 ? '│  ' : '   '}${noteText(item.note)}`);
        continue;
      }
      const last = --callsLeft === 0;
      visit(item.child, `${stem}${last ? '└─ ' : '├─ '}`, `${stem}${last ? '   ' : '│  '}`);
    }
  };
  for (const root of trace.roots) visit(root, '', '');

  const header: HopRow = { offset: 'start ms', hop: 'hop', request: 'request', status: 'status', duration: 'duration ms' };
  const table = rows.filter((r): r is HopRow => typeof r !== 'string');
  const width = (key: keyof HopRow) => Math.max(...[header, ...table].map((r) => r[key].length));
  const line = (r: HopRow) =>
    [r.offset.padStart(8), r.hop.padEnd(width('hop')), r.request.padEnd(width('request')), r.status.padStart(6), r.duration.padStart(11)].join('  ').trimEnd();

  const out = [`${trace.id}: ${describe(hops)}, from ${source}`, '', line(header), ...rows.map((r) => (typeof r === 'string' ? r : line(r)))];
  if (trace.unattached.length > 0) {
    out.push('', 'Lines with this id from instances that logged no request for it:');
    for (const note of trace.unattached) out.push(`${offset(note.timeMs, base).padStart(8)}  ${note.instanceId}  ${noteText(note)}`);
  }
  return out.join('\n');
}

/** The trace for `--json`: the same tree, times as offsets from the first hop's start and as ISO 8601. */
export function traceJson(trace: Trace, source: string): string {
  const base = baseOf(trace);
  const note = ({ timeMs, ...n }: TraceNote) => ({ ...n, offsetMs: round(timeMs - base), time: new Date(timeMs).toISOString() });
  const hop = ({ startMs, ...h }: TraceHop): object => ({
    ...h,
    offsetMs: round(startMs - base),
    start: new Date(startMs).toISOString(),
    durationMs: h.durationMs === undefined ? undefined : round(h.durationMs),
    notes: h.notes.map(note),
    children: h.children.map(hop),
  });
  return JSON.stringify({ id: trace.id, source, hops: trace.roots.map(hop), unattached: trace.unattached.map(note) }, null, 2);
}

function describe(hops: readonly TraceHop[]): string {
  const ids = (key: 'requestId' | 'traceId') => [...new Set(hops.map((h) => h[key]).filter((v): v is string => v !== undefined))];
  const parts = [`${hops.length} hop${hops.length === 1 ? '' : 's'}`];
  const traces = ids('traceId');
  const requests = ids('requestId');
  if (traces.length > 0) parts.push(`trace id ${traces.join(', ')}`);
  if (requests.length > 0) parts.push(`request id ${requests.join(', ')}`);
  return parts.join(', ');
}

function noteText(note: TraceNote): string {
  const fields = Object.keys(note.fields).length > 0 ? ` ${JSON.stringify(note.fields)}` : '';
  const cut = fields.length > MAX_FIELDS_CHARS ? `${fields.slice(0, MAX_FIELDS_CHARS - 1)}…` : fields;
  return `${note.level}: ${note.msg}${cut}`;
}

function allHops(hops: readonly TraceHop[]): TraceHop[] {
  return hops.flatMap((h) => [h, ...allHops(h.children)]);
}

function baseOf(trace: Trace): number {
  const starts = [...trace.roots.map((h) => h.startMs), ...trace.unattached.map((n) => n.timeMs)];
  return starts.length > 0 ? Math.min(...starts) : 0;
}

function offset(ms: number, base: number): string {
  const value = ms - base;
  return `${value <= -0.05 ? '-' : '+'}${Math.abs(value).toFixed(1)}`;
}

function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}
