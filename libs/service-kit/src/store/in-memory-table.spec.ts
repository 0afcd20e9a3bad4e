import { InMemoryTable } from './in-memory-table';

interface Note {
  readonly id: number;
  readonly text: string;
  readonly tag?: string;
}

describe('InMemoryTable', () => {
  it('continues ids after the seed and never reuses a deleted id', () => {
    const table = new InMemoryTable<Note>([{ id: 1, text: 'a' }, { id: 2, text: 'b' }]);
    table.delete(2);
    expect(table.insert({ text: 'c' }).id).toBe(3);
  });

  it('pages in id order with the total of the matching rows', () => {
    const table = new InMemoryTable<Note>([1, 2, 3, 4, 5].map((id) => ({ id, text: `n${id}`, tag: id % 2 ? 'odd' : 'even' })));
    const page = table.page({ limit: 2, offset: 1 }, (n) => n.tag === 'odd');
    expect(page.items.map((n) => n.id)).toEqual([3, 5]);
    expect(page.total).toBe(3);
  });

  it('updates only defined fields and reports missing rows', () => {
    const table = new InMemoryTable<Note>([{ id: 1, text: 'a', tag: 't' }]);
    expect(table.update(1, { text: 'b', tag: undefined })).toEqual({ id: 1, text: 'b', tag: 't' });
    expect(table.update(9, { text: 'x' })).toBeUndefined();
    expect(table.delete(9)).toBe(false);
  });

  it('hands out frozen rows so callers cannot change stored state', () => {
    const table = new InMemoryTable<Note>();
    expect(Object.isFrozen(table.insert({ text: 'a' }))).toBe(true);
  });
});
