/** The invoice whose details view is open: one at a time, refused without a request, closed on Back. */
import { strict as assert } from 'node:assert';
import { type InvoiceDetails } from '../../../shared/contract/invoices';
import { OpenInvoice } from '../../../src/panel/invoiceDetails';

const details = (id: string) => ({ invoice: { id, number: `PB-${id}` }, payments: [] }) as unknown as InvoiceDetails;

describe('OpenInvoice', () => {
  it('fetches the invoice asked for, and its details name it', async () => {
    const asked: string[] = [];
    const open = new OpenInvoice({ client: { getInvoice: async (id) => (asked.push(id), details(id)) }, onChange: () => {} });
    await open.open('in_1');
    assert.deepEqual(asked, ['in_1']);
    assert.equal(open.view.invoiceId, 'in_1');
    assert.equal(open.view.details?.invoice.id, 'in_1');
    assert.equal(open.invoice('in_1')?.number, 'PB-in_1');
    assert.equal(open.invoice('in_2'), undefined);
    await open.reload();
    assert.deepEqual(asked, ['in_1', 'in_1']);
  });

  it("another invoice drops the last one's details at once", async () => {
    let release!: (d: InvoiceDetails) => void;
    const open = new OpenInvoice({
      client: { getInvoice: (id) => (id === 'in_2' ? new Promise((resolve) => (release = resolve)) : Promise.resolve(details(id))) },
      onChange: () => {},
    });
    await open.open('in_1');
    const second = open.open('in_2');
    assert.deepEqual({ id: open.view.invoiceId, details: open.view.details, loading: open.view.loading }, { id: 'in_2', details: null, loading: true });
    release(details('in_2'));
    await second;
    assert.equal(open.view.details?.invoice.id, 'in_2');
  });

  it('a refused invoice shows why, without a request; closing forgets everything', async () => {
    const open = new OpenInvoice({ client: { getInvoice: async () => assert.fail('no request for a refused id') }, onChange: () => {} });
    open.refuse('in_x', { kind: 'unknown', message: 'This invoice is no longer listed.' });
    assert.deepEqual(open.view, { invoiceId: 'in_x', details: null, loading: false, error: { kind: 'unknown', message: 'This invoice is no longer listed.' } });
    open.close();
    assert.deepEqual(open.view, { invoiceId: null, details: null, loading: false, error: null });
    await open.reload();
  });
});
