/**
 * Schema migrations: a database written by the first schema (one card per
 * account, invoices without tax, a charges table) opens under the current one
 * with its data carried over, and the service answers it with contract shapes;
 * so does one that already has migration 2 (the idempotency cache's replay
 * column), which runs only migration 3.
 */
import { strict as assert } from 'node:assert';
import Database from 'better-sqlite3';
import { AccountSummary } from '../../shared/contract/account';
import { InvoiceDetails, PaymentList } from '../../shared/contract/invoices';
import { ApiPaths, pathTo } from '../../shared/contract/paths';
import { PaymentMethodList } from '../../shared/contract/paymentMethods';
import { openDatabase } from '../../sandbox/db/database';
import { migrations } from '../../sandbox/db/migrations';
import { assertShape, getJson, removeTempData, signIn, startInProcess, tempDataFile } from './harness';

const DAY = 86_400_000;

/** A version-1 database with one account, its card, a paid invoice with one failed and one good charge. */
function writeVersionOne(file: string): void {
  const db = new Database(file);
  db.exec(migrations[0]!);
  db.pragma('user_version = 1');
  const at = Date.now() - 40 * DAY;
  db.prepare("INSERT INTO meta (key, value) VALUES ('seeded_at', ?)").run(String(at));
  db.prepare(
    `INSERT INTO users (id, email, name, created_at, billing_name, billing_address, billing_tax_ids, default_payment_method_id)
     VALUES ('usr_old', 'old@sandbox.test', 'Olga Old', ?, 'Olga Old', ?, '[{"type":"eu_vat","value":"DE136695976"}]', 'pm_old')`,
  ).run(at, JSON.stringify({ line1: 'Unter den Linden 1', city: 'Berlin', postalCode: '10117', country: 'DE' }));
  db.prepare(
    `INSERT INTO payment_methods (id, user_id, brand, last4, exp_month, exp_year, cardholder_name, charge_outcome, created_at)
     VALUES ('pm_old', 'usr_old', 'visa', '4242', 12, 2034, 'Olga Old', 'succeed', ?)`,
  ).run(at);
  const line = { description: 'Pro plan (monthly)', quantity: 1, amount: { amount: 2000, currency: 'USD' }, periodStart: new Date(at).toISOString(), periodEnd: new Date(at + 30 * DAY).toISOString() };
  db.prepare(
    `INSERT INTO invoices (id, number, user_id, subscription_id, status, created, period_start, period_end, paid_at, total, amount_paid, attempt_count, lines, billing_details)
     VALUES ('in_old', 'PB-000042', 'usr_old', NULL, 'paid', ?, ?, ?, ?, 2000, 2000, 2, ?, ?)`,
  ).run(at, at, at + 30 * DAY, at + DAY, JSON.stringify([line]), JSON.stringify({ name: 'Olga Old', email: 'old@sandbox.test', address: null, taxIds: [] }));
  db.prepare("INSERT INTO charges (invoice_id, payment_method_id, amount, outcome, created_at) VALUES ('in_old', 'pm_old', 2000, 'insufficient_funds', ?)").run(at);
  db.prepare("INSERT INTO charges (invoice_id, payment_method_id, amount, outcome, created_at) VALUES ('in_old', 'pm_old', 2000, 'succeed', ?)").run(at + DAY);
  db.close();
}

describe('sandbox schema migrations', function () {
  this.timeout(20_000);
  after(() => removeTempData());

  it('brings a version-1 database to the current schema, keeping its data', async () => {
    const file = tempDataFile();
    writeVersionOne(file);
    openDatabase(file).close();
    const db = new Database(file, { readonly: true });
    try {
      assert.equal(db.pragma('user_version', { simple: true }), migrations.length);
      assert.deepEqual(db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'charges'").all(), [], 'charges became payments');
    } finally {
      db.close();
    }

    const sb = await startInProcess({}, { dataFile: file });
    try {
      const s = await signIn(sb.url, 'old@sandbox.test');
      const summary = await getJson(sb.url, s.token, ApiPaths.account);
      assertShape(AccountSummary, summary, 'account');
      const cards = await getJson<{ data: { last4: string; funding: string; isDefault: boolean; billingAddress: unknown }[] }>(sb.url, s.token, ApiPaths.paymentMethods);
      assertShape(PaymentMethodList, cards, 'cards');
      assert.deepEqual(cards.data.map((c) => [c.last4, c.funding, c.isDefault, c.billingAddress]), [['4242', 'unknown', true, null]]);

      const details = await getJson<InvoiceDetails>(sb.url, s.token, pathTo(ApiPaths.invoice, { id: 'in_old' }));
      assertShape(InvoiceDetails, details, 'invoice details');
      assert.deepEqual([details.invoice.subtotal.amount, details.invoice.tax.amount, details.invoice.total.amount, details.invoice.taxLines], [2000, 0, 2000, []], 'no tax on an invoice from before tax');
      assert.equal(details.invoice.lines[0]!.kind, 'subscription');
      assert.deepEqual(details.payments.map((p) => [p.status, p.declineCode, p.card]), [
        ['failed', 'insufficient_funds', { brand: 'visa', last4: '4242' }],
        ['succeeded', null, { brand: 'visa', last4: '4242' }],
      ]);
      assertShape(PaymentList, await getJson(sb.url, s.token, ApiPaths.payments), 'payments');
      const pdf = await fetch(`${sb.url}${pathTo(ApiPaths.invoicePdf, { id: 'in_old' })}`, { headers: { authorization: `Bearer ${s.token}` } });
      assert.equal(pdf.status, 200, 'an invoice without a recorded seller still renders');
    } finally {
      await sb.close();
    }
  });

  it('brings a version-2 database (the idempotency cache\'s replay column) to the current schema, keeping its keys', async () => {
    const file = tempDataFile();
    writeVersionOne(file);
    const raw = new Database(file);
    raw.exec(migrations[1]!);
    raw.pragma('user_version = 2');
    const at = Date.now();
    const insertKey = raw.prepare('INSERT INTO idempotency_keys (user_id, key, fingerprint, status, body, replay, created_at) VALUES (?, ?, ?, 200, ?, ?, ?)');
    insertKey.run('usr_old', 'k-answer', 'fp-1', '{"name":"Olga Old"}', 'answer', at);
    insertKey.run('usr_old', 'k-rerun', 'fp-2', '{"portalSessionId":"bps_old"}', 'rerun', at);
    raw.close();

    openDatabase(file).close();
    const db = new Database(file, { readonly: true });
    try {
      assert.equal(db.pragma('user_version', { simple: true }), migrations.length);
      assert.deepEqual(
        db.prepare('SELECT key, body, replay FROM idempotency_keys ORDER BY key').all(),
        [
          { key: 'k-answer', body: '{"name":"Olga Old"}', replay: 'answer' },
          { key: 'k-rerun', body: '{"portalSessionId":"bps_old"}', replay: 'rerun' },
        ],
      );
      assert.deepEqual(
        db.prepare('SELECT status, decline_code AS declineCode FROM payments ORDER BY seq').all(),
        [
          { status: 'failed', declineCode: 'insufficient_funds' },
          { status: 'succeeded', declineCode: null },
        ],
        'the charges became payments',
      );
      assert.equal((db.prepare("SELECT funding FROM payment_methods WHERE id = 'pm_old'").get() as { funding: string }).funding, 'unknown');
    } finally {
      db.close();
    }
  });
});
