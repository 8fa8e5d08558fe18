/** The panel's cursor-paged histories (invoices, payments): pages, repeats, failures and resets. */
import { strict as assert } from 'node:assert';
import { type PageQuery } from '../../../shared/contract/invoices';
import { ApiError } from '../../../src/api/apiError';
import { PAGE_SIZE, PagedHistory, type Page } from '../../../src/panel/pagedHistory';

type Item = { id: string };
const items = (...ids: string[]): Item[] => ids.map((id) => ({ id }));

function setup(pages: Record<string, Page<Item> | Error>) {
  const queries: PageQuery[] = [];
  let hold: Promise<void> | undefined;
  const history = new PagedHistory<Item>({
    fetchPage: async (query) => {
      queries.push(query);
      if (hold) await hold;
      const page = pages[query.startingAfter ?? 'first'];
      if (!page) throw new Error(`no page after ${query.startingAfter}`);
      if (page instanceof Error) throw page;
      return page;
    },
    onChange: () => {},
  });
  return { history, queries, holdUntil: (p: Promise<void>) => (hold = p) };
}

describe('PagedHistory', () => {
  it('fetches the first page once, then the next with the cursor, without repeating an item', async () => {
    const { history, queries } = setup({
      first: { data: items('c', 'b'), hasMore: true, nextCursor: 'b' },
      b: { data: items('b', 'a'), hasMore: false, nextCursor: null },
    });
    await history.ensureLoaded();
    await history.ensureLoaded();
    assert.equal(history.isLoaded, true);
    await history.loadMore();
    assert.deepEqual(queries, [{ limit: PAGE_SIZE, startingAfter: undefined }, { limit: PAGE_SIZE, startingAfter: 'b' }]);
    assert.deepEqual(history.view.items.map((i) => i.id), ['c', 'b', 'a']);
    assert.equal(history.view.hasMore, false);
    assert.equal(history.find('a')?.id, 'a');
  });

  it('after a failed first page, Load more (Try again) fetches the first page', async () => {
    const { history, queries } = setup({ first: new ApiError('offline', 'down') });
    await history.ensureLoaded();
    assert.equal(history.view.error?.kind, 'offline');
    assert.equal(history.isLoaded, false);
    await history.loadMore();
    assert.deepEqual(queries.map((q) => q.startingAfter), [undefined, undefined]);
  });

  it('a reset makes an answer still on its way land nowhere', async () => {
    const { history, holdUntil } = setup({ first: { data: items('x'), hasMore: false, nextCursor: null } });
    let release!: () => void;
    holdUntil(new Promise<void>((resolve) => (release = resolve)));
    const loading = history.ensureLoaded();
    history.reset();
    release();
    await loading;
    assert.deepEqual(history.view, { items: [], hasMore: false, loading: false, error: null });
    assert.equal(history.isLoaded, false);
  });
});
