// Broken answers from the service (test/support/responseFuzz.ts), served by the
// sandbox's fault injection in place of the real ones, on every route the
// extension reads: the account summary (the status bar, context keys and gate)
// and the panel's usage, plans, plan-change preview, invoices, an invoice's
// details, payments and saved cards; plus an oversized one. An
// entitled user is never downgraded, the last verified state stays, marked
// stale, the failure is explained in a sentence, nothing rejects unhandled,
// and everything recovers with the next good answer.
import * as assert from 'node:assert/strict';
import { type TSchema } from '@sinclair/typebox';
import * as vscode from 'vscode';
import { AccountSummary } from '../../shared/contract/account';
import { InvoiceDetails, InvoiceList, PaymentList } from '../../shared/contract/invoices';
import { ApiPaths, pathTo } from '../../shared/contract/paths';
import { PaymentMethodList } from '../../shared/contract/paymentMethods';
import { PlanCatalogue, SubscriptionChangePreview } from '../../shared/contract/plans';
import { Usage } from '../../shared/contract/usage';
import { type HostToWebviewMessage, type PanelError, type PanelViewState, type WebviewToHostMessage } from '../../shared/panelProtocol';
import { type BrokenAnswer, brokenAnswers } from '../support/responseFuzz';
import { clearFaults, injectFault, setAccountState } from '../support/sandboxAdmin';
import { isState, showPanelAs, stateWhere } from './support/panel';
import { fixtureView, planBilling, refreshUntil, resetCore, sandboxUrl, uniqueEmail } from './support/planBilling';

const SEED = 20261204;

/** A route the extension reads, how the panel (or the account check) is made to read it, and where its outcome shows. */
interface PanelRoute {
  readonly name: string;
  readonly route: string;
  readonly schema: TSchema;
  readonly count: number;
  readonly request: { readonly method: 'GET' | 'POST'; readonly path: string; readonly json?: object };
  readonly message: WebviewToHostMessage;
  /** The section's data (must survive a failure) and its error. */
  readonly section: (state: PanelViewState) => { readonly data: unknown; readonly error: PanelError | null };
  /** After each case, e.g. closing an invoice's details so the next open fetches again. */
  readonly after?: WebviewToHostMessage;
}

async function realAnswer(token: string, request: PanelRoute['request']): Promise<unknown> {
  const res = await fetch(`${sandboxUrl()}${request.path}`, {
    method: request.method,
    headers: { authorization: `Bearer ${token}`, ...(request.json ? { 'content-type': 'application/json' } : {}) },
    body: request.json ? JSON.stringify(request.json) : undefined,
  });
  assert.equal(res.status, 200, `${request.method} ${request.path} answered ${res.status}`);
  return res.json();
}

function latestState(posted: () => readonly HostToWebviewMessage[]): PanelViewState {
  const state = posted().filter(isState).at(-1)?.state;
  assert.ok(state, 'the panel posted a state');
  return state;
}

const SENTENCE = /^[A-Z].{10,}[.!]$/;

describe('API responses fuzzed through the sandbox', () => {
  const settings = vscode.workspace.getConfiguration('planBilling');
  const rejections: unknown[] = [];
  const onRejection = (reason: unknown) => rejections.push(reason);
  const counts = new Map<string, number>();
  let token = '';
  let invoiceId = '';
  let realAccount: unknown;
  const realAnswers = new Map<string, unknown>();

  before(async () => {
    await resetCore();
    await settings.update('network.timeoutSeconds', 1, vscode.ConfigurationTarget.Global);
    const email = uniqueEmail('response-fuzz');
    const { accountId, tokens } = await showPanelAs(email);
    token = tokens.access_token;
    await setAccountState(sandboxUrl(), accountId, 'active');
    await refreshUntil((s) => s.kind === 'active' && !s.stale, 'active');
    const withInvoices = await stateWhere((s) => s.kind === 'active' && s.invoices.items.length > 0 && !s.invoices.loading, 'the invoices listed');
    invoiceId = withInvoices.invoices.items[0]!.id;
    // The real answers the broken ones start from, read with the session's own token.
    realAccount = await realAnswer(token, { method: 'GET', path: ApiPaths.account });
    for (const route of panelRoutes()) realAnswers.set(route.name, await realAnswer(token, route.request));
    process.on('unhandledRejection', onRejection);
  });
  afterEach(() => clearFaults(sandboxUrl()));
  after(async () => {
    process.off('unhandledRejection', onRejection);
    console.log(`    [fuzz] broken answers served (seed ${SEED}): ${[...counts].map(([route, n]) => `${route} ${n}`).join(', ')}; total ${[...counts.values()].reduce((a, b) => a + b, 0)}`);
    await settings.update('network.timeoutSeconds', undefined, vscode.ConfigurationTarget.Global);
    await resetCore();
  });

  /**
   * One broken answer for the next matching requests until `done()`. More
   * than one: a background check of the extension (a retry timer after the
   * last failure) that lands in between gets it too instead of taking the
   * test's, which happened under load.
   */
  const serve = (route: string, answer: BrokenAnswer) =>
    injectFault(sandboxUrl(), { route, kind: 'malformed', malformedAs: 'replaced', body: answer.body, contentType: answer.contentType, count: 3 });
  const done = () => clearFaults(sandboxUrl());

  async function assertStillPro(what: string): Promise<void> {
    const { api, t } = await planBilling();
    const s = t.snapshot();
    assert.equal(s.kind, 'active', `${what}: still active`);
    assert.ok(s.features.includes('ai.agent') && api.has('ai.agent'), `${what}: still entitled`);
    assert.deepEqual(rejections, [], `${what}: no unhandled rejection`);
  }

  it('the account summary: 700 broken answers, each a failed check that keeps Pro, marked stale and explained', async function () {
    this.timeout(240_000);
    const { api, t } = await planBilling();
    const before = t.snapshot().account;
    const answers = brokenAnswers(SEED, 700, AccountSummary, realAccount);
    for (const [i, answer] of answers.entries()) {
      const what = `account answer ${i} (${answer.kind}): ${answer.body.slice(0, 120)}`;
      await serve(`GET ${ApiPaths.account}`, answer);
      const outcome = await t.refresh('manual');
      assert.equal(outcome.status, 'failed', what);
      const s = t.snapshot();
      assert.equal(s.stale, true, what);
      assert.equal(s.error?.kind, 'invalidResponse', what);
      assert.match(s.error.message, SENTENCE, what);
      assert.deepEqual(s.account, before, `${what}: the last verified summary is kept`);
      await assertStillPro(what);
      await done();
    }
    counts.set('account', answers.length);
    assert.match(t.statusBar().text, /^\$\(account\) Pro \$\(cloud-offline\)$/);
    assert.equal(api.getEntitlements().stale, true);
    assert.equal((await fixtureView()).hasAgent, true, 'a gated extension still runs the agent');
    await clearFaults(sandboxUrl());
    const fresh = await refreshUntil((s) => !s.stale && !s.refreshing, 'recovered');
    assert.equal(fresh.kind, 'active');
    assert.equal(fresh.error, null);
  });

  it('an oversized (33 MiB) account summary is refused and keeps Pro', async function () {
    this.timeout(120_000);
    const { t } = await planBilling();
    await injectFault(sandboxUrl(), { route: `GET ${ApiPaths.account}`, kind: 'malformed', malformedAs: 'oversized', sizeBytes: 33 * 1024 * 1024, count: 3 });
    const outcome = await t.refresh('manual');
    assert.equal(outcome.status, 'failed');
    assert.equal(t.snapshot().error?.kind, 'invalidResponse');
    assert.equal(t.snapshot().stale, true);
    await assertStillPro('oversized');
    counts.set('oversized', 1);
    await clearFaults(sandboxUrl());
    await refreshUntil((s) => !s.stale && !s.refreshing, 'recovered');
  });

  const panelRoutes = (): PanelRoute[] => [
    {
      name: 'usage',
      route: `GET ${ApiPaths.usage}`,
      schema: Usage,
      count: 200,
      request: { method: 'GET', path: ApiPaths.usage },
      message: { type: 'loadUsage' },
      section: (s) => ({ data: s.usage.usage, error: s.usage.error }),
    },
    {
      name: 'plans',
      route: `GET ${ApiPaths.plans}`,
      schema: PlanCatalogue,
      count: 200,
      request: { method: 'GET', path: ApiPaths.plans },
      message: { type: 'loadPlans' },
      section: (s) => ({ data: s.plans.catalogue, error: s.plans.error }),
    },
    {
      name: 'plan-change preview',
      route: `POST ${ApiPaths.subscriptionPreview}`,
      schema: SubscriptionChangePreview,
      count: 200,
      request: { method: 'POST', path: ApiPaths.subscriptionPreview, json: { planId: 'pro_plus', interval: 'month' } },
      message: { type: 'previewPlanChange', planId: 'pro_plus', interval: 'month' },
      section: (s) => ({ data: s.plans.preview, error: s.plans.refusal && { kind: 'invalidResponse', message: s.plans.refusal.message } }),
      after: { type: 'dismissPlanChange' },
    },
    {
      name: 'invoices',
      route: `GET ${ApiPaths.invoices}`,
      schema: InvoiceList,
      count: 200,
      request: { method: 'GET', path: `${ApiPaths.invoices}?limit=10` },
      message: { type: 'loadMoreInvoices' },
      section: (s) => ({ data: s.invoices.items, error: s.invoices.error }),
    },
    {
      name: 'invoice details',
      route: `GET ${pathTo(ApiPaths.invoice, { id: invoiceId })}`,
      schema: InvoiceDetails,
      count: 200,
      request: { method: 'GET', path: pathTo(ApiPaths.invoice, { id: invoiceId }) },
      message: { type: 'openInvoice', invoiceId },
      section: (s) => ({ data: null, error: s.invoiceDetails.error }),
      after: { type: 'closeDetails' },
    },
    {
      name: 'payments',
      route: `GET ${ApiPaths.payments}`,
      schema: PaymentList,
      count: 200,
      request: { method: 'GET', path: `${ApiPaths.payments}?limit=10` },
      message: { type: 'loadMorePayments' },
      section: (s) => ({ data: s.payments.items, error: s.payments.error }),
    },
    {
      name: 'saved cards',
      route: `GET ${ApiPaths.paymentMethods}`,
      schema: PaymentMethodList,
      count: 200,
      request: { method: 'GET', path: ApiPaths.paymentMethods },
      message: { type: 'loadPaymentMethods' },
      section: (s) => ({ data: s.paymentMethods.items, error: s.paymentMethods.error }),
    },
  ];

  it('the panel: 1,400 broken answers over usage, plans, preview, invoices, details, payments and cards, each explained in its section, the data kept', async function () {
    this.timeout(300_000);
    const { t } = await planBilling();
    const accountBefore = JSON.stringify(t.snapshot().account);
    // Every section loaded once, so there is verified data to keep.
    for (const message of [{ type: 'loadUsage' }, { type: 'loadPlans' }, { type: 'loadPayments' }, { type: 'loadPaymentMethods' }] as const) await t.panel.postFromWebview(message);
    for (const [n, route] of panelRoutes().entries()) {
      const answers = brokenAnswers(SEED + n + 1, route.count, route.schema, realAnswers.get(route.name));
      const dataBefore = JSON.stringify(route.section(latestState(t.panel.posted)).data);
      for (const [i, answer] of answers.entries()) {
        const what = `${route.name} answer ${i} (${answer.kind}): ${answer.body.slice(0, 120)}`;
        await serve(route.route, answer);
        await t.panel.postFromWebview(route.message);
        const state = latestState(t.panel.posted);
        const section = route.section(state);
        assert.ok(section.error, `${what}: the section says it failed`);
        assert.match(section.error.message, SENTENCE, what);
        assert.equal(JSON.stringify(section.data), dataBefore, `${what}: the verified data is kept`);
        assert.equal(state.kind, 'active', what);
        assert.equal(JSON.stringify(state.account), accountBefore, `${what}: the account is untouched`);
        await assertStillPro(what);
        await done();
        if (route.after) await t.panel.postFromWebview(route.after);
      }
      counts.set(route.name, answers.length);
      // And the section recovers with the next good answer.
      await clearFaults(sandboxUrl());
      await t.panel.postFromWebview(route.message);
      assert.equal(route.section(latestState(t.panel.posted)).error, null, `${route.name} recovered`);
      if (route.after) await t.panel.postFromWebview(route.after);
    }
  });
});
