/**
 * The Manage Plan webview's message protocol, shared by the extension host
 * and the webview (docs/architecture.md).
 *
 * The webview never talks to the network and never sees a token: the host
 * posts plain data (contract shapes) and the webview posts intents back. The
 * host validates every incoming message against `WebviewToHostMessage` and
 * drops (and logs) anything else.
 */
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { ACCOUNT_STATE_KINDS } from './accountState';
import { AccountSummary, BillingInterval, PendingPlanChange } from './contract/account';
import { PlanId } from './contract/planId';
import { BillingDetails, BillingDetailsInput } from './contract/billingDetails';
import { FieldError, Nullable, Timestamp } from './contract/common';
import { Invoice, InvoiceDetails, Payment } from './contract/invoices';
import { PaymentMethod } from './contract/paymentMethods';
import { CancellationReasonCode, PlanCatalogue, PlanChangeTarget, SubscriptionChangePreview } from './contract/plans';
import { PortalFlow } from './contract/portal';
import { Usage } from './contract/usage';
import { MAX_SPEND_CAP_CENTS } from './usageLimits';
import { ERROR_KINDS, type ErrorKind } from './errorKinds';

export const AccountStateKindSchema = Type.Union(ACCOUNT_STATE_KINDS.map((k) => Type.Literal(k)));

/** Error categories the UI can explain in words (shared/errorKinds.ts). */
export const ErrorKindSchema = Type.Union(ERROR_KINDS.map((k) => Type.Literal(k)));
export type { ErrorKind };

export const PanelError = Type.Object({ kind: ErrorKindSchema, message: Type.String() });
export type PanelError = Static<typeof PanelError>;

/** A list the host fetches page by page with the service's cursor ("Load more"). */
const PagedView = <T extends TSchema>(item: T) =>
  Type.Object({
    items: Type.Array(item),
    hasMore: Type.Boolean(),
    /** A page is being fetched (first page or "Load more"). */
    loading: Type.Boolean(),
    error: Nullable(PanelError),
  });

export const InvoicesView = PagedView(Invoice);
export type InvoicesView = Static<typeof InvoicesView>;

/** Every payment attempt and refund, newest first (the Payments view). */
export const PaymentsView = PagedView(Payment);
export type PaymentsView = Static<typeof PaymentsView>;

/** What the editor itself does to a saved card (adding and editing happen in the portal). */
export const PaymentMethodAction = Type.Union([Type.Literal('makeDefault'), Type.Literal('remove')]);
export type PaymentMethodAction = Static<typeof PaymentMethodAction>;

export const PaymentMethodsView = Type.Object({
  /** Every saved card, the default first (GET /v1/payment-methods). */
  items: Type.Array(PaymentMethod),
  /** The list was fetched for this account; until then the summary's default card stands in. */
  loaded: Type.Boolean(),
  loading: Type.Boolean(),
  error: Nullable(PanelError),
  /** A make-default or remove the host is carrying out (including its confirmation). */
  pending: Nullable(Type.Object({ paymentMethodId: Type.String(), action: PaymentMethodAction })),
});
export type PaymentMethodsView = Static<typeof PaymentMethodsView>;

/** The invoice whose details view is open (GET /v1/invoices/{id}). */
export const InvoiceDetailsView = Type.Object({
  /** The invoice asked for; null when no details view is open. */
  invoiceId: Nullable(Type.String()),
  details: Nullable(InvoiceDetails),
  loading: Type.Boolean(),
  error: Nullable(PanelError),
});
export type InvoiceDetailsView = Static<typeof InvoiceDetailsView>;

export const PortalView = Type.Object({
  /** The portal was opened and the host is polling for the account to change. */
  waiting: Type.Boolean(),
  flow: Type.Union([PortalFlow, Type.Null()]),
  /** A confirmation to show once the change arrived, e.g. "Payment method updated". */
  confirmation: Type.Union([Type.String(), Type.Null()]),
});
export type PortalView = Static<typeof PortalView>;

/** What the panel does to the subscription itself (the preview charges nothing). */
export const PlanAction = Type.Union([
  Type.Literal('preview'),
  Type.Literal('change'),
  Type.Literal('cancel'),
  Type.Literal('resume'),
  Type.Literal('keep'),
]);
export type PlanAction = Static<typeof PlanAction>;

/** What the last plan action did, shown until the user moves on. */
export const PlanOutcome = Type.Union([
  /** The new plan is in effect (an upgrade paid, or a change during a trial). */
  Type.Object({ kind: Type.Literal('applied'), planId: PlanId, interval: BillingInterval }),
  /** A downgrade waits for the period end. */
  Type.Object({ kind: Type.Literal('scheduled'), planId: PlanId, effectiveAt: Timestamp }),
  /** The upgrade's payment needs the cardholder in the portal (flow plan_change_payment). */
  Type.Object({ kind: Type.Literal('requiresPayment'), pending: PendingPlanChange }),
  Type.Object({ kind: Type.Literal('canceled'), endsAt: Timestamp }),
  Type.Object({ kind: Type.Literal('resumed') }),
  /** A scheduled downgrade was undone: the plan stays. */
  Type.Object({ kind: Type.Literal('kept'), planId: PlanId }),
]);
export type PlanOutcome = Static<typeof PlanOutcome>;

/** The plan catalogue and the change in progress (the Change plan, preview and cancel views). */
export const PlansView = Type.Object({
  /** GET /v1/plans; null until fetched. */
  catalogue: Nullable(PlanCatalogue),
  loading: Type.Boolean(),
  /** Fetching the catalogue failed. */
  error: Nullable(PanelError),
  /** The target whose preview is shown or being fetched. */
  target: Nullable(PlanChangeTarget),
  /** The preview to confirm; nothing is charged before the confirmation. */
  preview: Nullable(SubscriptionChangePreview),
  /** The action the host is carrying out. */
  busy: Nullable(PlanAction),
  outcome: Nullable(PlanOutcome),
  /** The service refused (problem `code`, e.g. preview_stale) or the call failed (code null); `message` is the service's sentence. */
  refusal: Nullable(Type.Object({ action: PlanAction, code: Nullable(Type.String()), message: Type.String() })),
});
export type PlansView = Static<typeof PlansView>;

/** The period's credits (GET /v1/usage) and an overage-settings change in progress (the Usage section). */
export const UsagePanelView = Type.Object({
  /** The last verified usage; null until the first one. */
  usage: Nullable(Usage),
  loading: Type.Boolean(),
  /** The last usage check failed: `usage` is the last verified one. */
  stale: Type.Boolean(),
  error: Nullable(PanelError),
  /** The host is saving overage settings (PUT /v1/usage/settings). */
  saving: Type.Boolean(),
  /** The service refused the settings (problem `code` such as cap_below_accrued, field errors by `spendCap`) or the call failed. */
  refusal: Nullable(Type.Object({ code: Nullable(Type.String()), message: Type.String(), fieldErrors: Type.Array(FieldError) })),
  /** The last export: its file name once written, or why it failed. */
  export: Nullable(Type.Object({ status: Type.Union([Type.Literal('saved'), Type.Literal('failed')]), message: Type.String() })),
});
export type UsagePanelView = Static<typeof UsagePanelView>;

/** Everything the panel renders, posted whole by the host on every change. */
export const PanelViewState = Type.Object({
  kind: AccountStateKindSchema,
  /** null until the first account summary is known (loading skeleton or error). */
  account: Type.Union([AccountSummary, Type.Null()]),
  /** When the shown data was last verified with the service (ISO), or null. */
  lastVerifiedAt: Type.Union([Type.String(), Type.Null()]),
  /** The last refresh failed: the data shown is the last verified state. */
  stale: Type.Boolean(),
  /** The offline limit of the entitlement, when paid access is kept offline (ISO), or null. */
  offlineUntil: Type.Union([Type.String(), Type.Null()]),
  /** A refresh is in flight. */
  refreshing: Type.Boolean(),
  /** The last refresh's error, or null. With no account this is the error screen. */
  error: Type.Union([PanelError, Type.Null()]),
  invoices: InvoicesView,
  portal: PortalView,
  paymentMethods: PaymentMethodsView,
  invoiceDetails: InvoiceDetailsView,
  payments: PaymentsView,
  plans: PlansView,
  usage: UsagePanelView,
});
export type PanelViewState = Static<typeof PanelViewState>;

/** Data fixed for the life of one webview load, embedded in its HTML. */
export const PanelBootstrap = Type.Object({
  /** BCP 47 display language of the editor, e.g. "en" or "de". */
  locale: Type.String(),
  /** Localised strings, keyed by their English text (vscode.l10n bundle format). */
  l10n: Type.Record(Type.String(), Type.String()),
});
export type PanelBootstrap = Static<typeof PanelBootstrap>;

// ---------------------------------------------------------------------------
// Host → webview

export const HostToWebviewMessage = Type.Union([
  Type.Object({ type: Type.Literal('state'), state: PanelViewState }),
  Type.Object({
    type: Type.Literal('billingDetailsSaved'),
    requestId: Type.String(),
    billingDetails: BillingDetails,
  }),
  Type.Object({
    type: Type.Literal('billingDetailsRejected'),
    requestId: Type.String(),
    /** Field-level errors from the service (field paths as in BillingDetailsInput). */
    fieldErrors: Type.Array(FieldError),
    /** A sentence for errors not tied to a field (offline, server...). */
    message: Type.Union([Type.String(), Type.Null()]),
  }),
  Type.Object({
    type: Type.Literal('downloadProgress'),
    invoiceId: Type.String(),
    status: Type.Union([
      Type.Literal('started'),
      Type.Literal('done'),
      Type.Literal('cancelled'),
      Type.Literal('failed'),
    ]),
    message: Type.Union([Type.String(), Type.Null()]),
  }),
  /** The outcome of a makeDefaultPaymentMethod / removePaymentMethod (cancelled: the confirmation was declined). */
  Type.Object({
    type: Type.Literal('paymentMethodResult'),
    action: PaymentMethodAction,
    paymentMethodId: Type.String(),
    status: Type.Union([Type.Literal('done'), Type.Literal('cancelled'), Type.Literal('failed')]),
    /** Why it failed, as a sentence (e.g. the only card of a subscription that still charges). */
    message: Nullable(Type.String()),
  }),
  /** Show the Change plan view (the gate's upgrade), with the tier that grants the feature marked. */
  Type.Object({ type: Type.Literal('showPlans'), highlight: Nullable(PlanId) }),
  /** Show the Usage section (the gate's or an alert's Enable overage / Raise spend cap). */
  Type.Object({ type: Type.Literal('showUsage') }),
]);
export type HostToWebviewMessage = Static<typeof HostToWebviewMessage>;

// ---------------------------------------------------------------------------
// Webview → host

const Id = Type.String({ minLength: 1, maxLength: 64 });

export const WebviewToHostMessage = Type.Union([
  /** The webview script started and wants the current state. */
  Type.Object({ type: Type.Literal('ready') }, { additionalProperties: false }),
  /** The webview painted a state; hasData = account data was visible. Used for tests and the benchmark. */
  Type.Object({ type: Type.Literal('rendered'), hasData: Type.Boolean() }, { additionalProperties: false }),
  Type.Object({ type: Type.Literal('refresh') }, { additionalProperties: false }),
  Type.Object({ type: Type.Literal('signIn') }, { additionalProperties: false }),
  Type.Object({ type: Type.Literal('openPortal'), flow: PortalFlow }, { additionalProperties: false }),
  /** Edit one saved card in the portal (the host checks it is one of the account's cards). */
  Type.Object(
    { type: Type.Literal('openPortal'), flow: Type.Literal('payment_method_update'), paymentMethodId: Id },
    { additionalProperties: false },
  ),
  Type.Object({ type: Type.Literal('loadMoreInvoices') }, { additionalProperties: false }),
  Type.Object({ type: Type.Literal('downloadInvoice'), invoiceId: Id }, { additionalProperties: false }),
  /** Fetch the saved cards again after a failure. */
  Type.Object({ type: Type.Literal('loadPaymentMethods') }, { additionalProperties: false }),
  Type.Object({ type: Type.Literal('makeDefaultPaymentMethod'), paymentMethodId: Id }, { additionalProperties: false }),
  /** The host asks for confirmation before removing. */
  Type.Object({ type: Type.Literal('removePaymentMethod'), paymentMethodId: Id }, { additionalProperties: false }),
  /** Open (or, after a failure, retry) the details of a listed invoice. */
  Type.Object({ type: Type.Literal('openInvoice'), invoiceId: Id }, { additionalProperties: false }),
  /** The details view was left: the host forgets the invoice shown. */
  Type.Object({ type: Type.Literal('closeDetails') }, { additionalProperties: false }),
  /** The Payments view was shown: fetch its first page unless it is there. */
  Type.Object({ type: Type.Literal('loadPayments') }, { additionalProperties: false }),
  Type.Object({ type: Type.Literal('loadMorePayments') }, { additionalProperties: false }),
  Type.Object(
    { type: Type.Literal('saveBillingDetails'), requestId: Id, details: BillingDetailsInput },
    { additionalProperties: false },
  ),
  /** Dismiss the portal confirmation / waiting notice. */
  Type.Object({ type: Type.Literal('dismissPortalNotice') }, { additionalProperties: false }),
  /** The Change plan view was shown: fetch the catalogue (again). */
  Type.Object({ type: Type.Literal('loadPlans') }, { additionalProperties: false }),
  /** Ask the service what a change would do (charges nothing). */
  Type.Object({ type: Type.Literal('previewPlanChange'), planId: PlanId, interval: BillingInterval }, { additionalProperties: false }),
  /** Apply the preview shown (the host checks it is the one it fetched). */
  Type.Object({ type: Type.Literal('confirmPlanChange'), previewId: Id }, { additionalProperties: false }),
  Type.Object(
    {
      type: Type.Literal('cancelSubscription'),
      reason: Type.Optional(
        Type.Object({ code: CancellationReasonCode, comment: Type.Optional(Type.String({ maxLength: 1000 })) }, { additionalProperties: false }),
      ),
    },
    { additionalProperties: false },
  ),
  Type.Object({ type: Type.Literal('resumeSubscription') }, { additionalProperties: false }),
  /** Undo a scheduled downgrade ("Keep Pro+"). */
  Type.Object({ type: Type.Literal('keepCurrentPlan') }, { additionalProperties: false }),
  /** Leave the preview, outcome or refusal shown. */
  Type.Object({ type: Type.Literal('dismissPlanChange') }, { additionalProperties: false }),
  /** Check the usage again (after a failure). */
  Type.Object({ type: Type.Literal('loadUsage') }, { additionalProperties: false }),
  /**
   * Overage settings the user confirmed in words that state the price;
   * requestId doubles as the Idempotency-Key. spendCap in cents.
   */
  Type.Object(
    {
      type: Type.Literal('saveUsageSettings'),
      requestId: Id,
      overageEnabled: Type.Boolean(),
      spendCap: Type.Integer({ minimum: 0, maximum: MAX_SPEND_CAP_CENTS }),
    },
    { additionalProperties: false },
  ),
  /** Save the period history as CSV (the host asks where). */
  Type.Object({ type: Type.Literal('exportUsageCsv') }, { additionalProperties: false }),
  /** Leave the settings refusal or the export notice shown. */
  Type.Object({ type: Type.Literal('dismissUsageNotice') }, { additionalProperties: false }),
]);
export type WebviewToHostMessage = Static<typeof WebviewToHostMessage>;

