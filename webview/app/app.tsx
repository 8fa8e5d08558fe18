/**
 * The Manage Plan panel: renders every state the host posts, keeps the UI
 * state that must survive a reload (which view is open, scroll positions, the
 * billing form), moves focus when the view changes, and turns clicks into
 * intents for the host.
 */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { type AccountSummary, type BillingInterval } from '../../shared/contract/account';
import { type PlanId } from '../../shared/contract/planId';
import { type BillingDetails } from '../../shared/contract/billingDetails';
import { type PaymentMethod } from '../../shared/contract/paymentMethods';
import { cardBrandName } from '../../shared/cardWording';
import { type HostToWebviewMessage, type PanelBootstrap, type PanelViewState, type WebviewToHostMessage } from '../../shared/panelProtocol';
import { type BillingDraft, checkDraft, draftFromDetails, draftToInput } from '../billing/billingDraft';
import { createTranslator } from '../l10n/translate';
import { LoadingScreen } from '../screens/loading';
import { ErrorScreen } from '../screens/errorScreen';
import { SignedOutScreen } from '../screens/signedOut';
import { BillingInfoSection } from '../sections/billingInfo';
import { Header, StaleNotice } from '../sections/header';
import { type DownloadState, InvoicesSection, OPEN_INVOICE_ATTRIBUTE } from '../sections/invoices';
import { PastDueBanner } from '../sections/pastDueBanner';
import { type CardChangeNotice, PaymentMethodsSection } from '../sections/paymentMethods';
import { PortalNotice } from '../sections/portalNotice';
import { PlanOutcomeNotice, outcomeSentence } from '../sections/planOutcomeNotice';
import { SubscriptionSection } from '../sections/subscription';
import { UsageSection } from '../sections/usage';
import { CancelDialog, ChangePlanPage, PlanPreviewPage } from '../views/changePlan';
import { InvoiceDetailsPage } from '../views/invoiceDetails';
import { PaymentsViewPage } from '../views/payments';
import { VIEW_HEADING_ATTRIBUTE } from '../views/viewParts';
import { formatDate } from '../format';
import { announcementFor } from './announcements';
import { usableLocale } from './bootstrap';
import { type HostBridge, newRequestId } from './hostBridge';
import { createPanelEnv, PanelEnvContext } from './panelContext';
import { type ListView, OVERVIEW, type PanelView, type UiState } from './uiState';

export interface AppProps {
  host: HostBridge;
  bootstrap: PanelBootstrap;
  /** The clock relative times ("Last updated 2 minutes ago", "Trial ends in 3 days") use; tests pin it. */
  clock?: () => number;
}

/** How often relative times are recomputed while the panel is open. */
const TICK_MS = 30_000;
const SCROLL_SAVE_DELAY_MS = 200;

/** Billing details just saved, shown until a state from the host reflects them (or a newer change). */
interface SavedDetails {
  details: BillingDetails;
  /** The account's billing details (as JSON) when the save was confirmed. */
  baseline: string;
}

export const hasAccountData = (state: PanelViewState) => state.kind !== 'signedOut' && state.account !== null;

/** Where focus goes once a view change rendered: the new view's heading, or back to what opened the view left. */
type FocusTarget = { kind: 'heading' } | { kind: 'openInvoice'; invoiceId: string } | { kind: 'showPayments' } | { kind: 'element'; id: string };

function focusTarget(target: FocusTarget): void {
  let element: HTMLElement | null | undefined;
  if (target.kind === 'heading') element = document.querySelector<HTMLElement>(`[${VIEW_HEADING_ATTRIBUTE}]`);
  else if (target.kind === 'showPayments') element = document.getElementById('show-payments');
  else if (target.kind === 'element') element = document.getElementById(target.id) ?? document.getElementById('subscription-heading');
  else element = [...document.querySelectorAll<HTMLElement>(`[${OPEN_INVOICE_ATTRIBUTE}]`)].find((el) => el.getAttribute(OPEN_INVOICE_ATTRIBUTE) === target.invoiceId);
  // A row that is no longer listed: the list's heading instead.
  (element ?? document.querySelector<HTMLElement>('#invoices h2, #payments h2'))?.focus();
}

export function App({ host, bootstrap, clock = Date.now }: AppProps) {
  const locale = useMemo(() => usableLocale(bootstrap.locale), [bootstrap.locale]);
  const t = useMemo(() => createTranslator(bootstrap.l10n), [bootstrap.l10n]);

  // One entry per state message: the counter makes every received state a paint to report.
  const [received, setReceived] = useState<{ state: PanelViewState; seq: number } | null>(null);
  const [ui, setUi] = useState<UiState>(() => host.loadUiState());
  const [downloads, setDownloads] = useState<Readonly<Record<string, DownloadState>>>({});
  const [saved, setSaved] = useState<SavedDetails | null>(null);
  const [cardNotice, setCardNotice] = useState<CardChangeNotice | null>(null);
  const [announcement, setAnnouncement] = useState('');
  const [now, setNow] = useState(clock);

  // Message handlers read the latest values through refs; they are registered once.
  const uiRef = useRef(ui);
  const stateRef = useRef<PanelViewState | null>(null);
  const scrollRestored = useRef(false);
  /** The view restored from a reload was asked for again (its data lives in the host). */
  const viewRestored = useRef(false);
  /** What a view change does once it rendered: scroll and focus. */
  const afterNavigation = useRef<{ scrollY: number; focus: FocusTarget } | null>(null);
  /** Every card seen on this page, so a reply about a card that is gone can still name it. */
  const seenCards = useRef(new Map<string, Pick<PaymentMethod, 'brand' | 'last4'>>());

  const updateUi = (next: UiState) => {
    uiRef.current = next;
    setUi(next);
    host.saveUiState(next);
  };

  const announce = (text: string) =>
    // Repeating a message verbatim is no change for a live region; a trailing no-break space makes it one.
    setAnnouncement((previous) => (previous === text ? `${text}\u00a0` : text));

  // Set when the user asks for a refresh, cleared when one ends: only those are announced.
  const userRefresh = useRef(false);

  const post = (message: WebviewToHostMessage) => {
    if (message.type === 'refresh') userRefresh.current = true;
    host.post(message);
  };

  const env = useMemo(() => createPanelEnv({ t, locale, now, post, announce }), [t, locale, now, host]);

  const invoiceNumber = (invoiceId: string) => {
    const state = stateRef.current;
    const shown = state?.invoiceDetails.details?.invoice;
    return (
      state?.invoices.items.find((invoice) => invoice.id === invoiceId)?.number ??
      (shown?.id === invoiceId ? shown.number : undefined) ??
      state?.payments.items.find((payment) => payment.invoiceId === invoiceId)?.invoiceNumber ??
      invoiceId
    );
  };

  /** Shows `next`, remembering where the list view being left was scrolled. */
  const navigate = (next: PanelView, scrollY: number, focus: FocusTarget) => {
    const current = uiRef.current;
    const from = current.view.kind;
    const listScroll = from === 'overview' || from === 'payments' ? { ...current.listScroll, [from]: window.scrollY } : current.listScroll;
    afterNavigation.current = { scrollY, focus };
    updateUi({ ...current, view: next, listScroll, scrollY });
  };

  const navigation = {
    openInvoice(invoiceId: string) {
      const from: ListView = uiRef.current.view.kind === 'payments' ? 'payments' : 'overview';
      navigate({ kind: 'invoice', invoiceId, from }, 0, { kind: 'heading' });
      host.post({ type: 'openInvoice', invoiceId });
    },
    showPayments() {
      navigate({ kind: 'payments' }, 0, { kind: 'heading' });
      host.post({ type: 'loadPayments' });
    },
    /** The tiers side by side; `highlight`: the tier the gate asked for. */
    openPlans(highlight: PlanId | null = null) {
      const current = uiRef.current.view;
      const interval: BillingInterval = current.kind === 'plans' ? current.interval : (stateRef.current?.account?.subscription?.interval ?? 'month');
      if (current.kind !== 'plans' || current.highlight !== highlight) navigate({ kind: 'plans', highlight, interval }, 0, { kind: 'heading' });
      host.post({ type: 'loadPlans' });
    },
    choosePlan(planId: PlanId, interval: BillingInterval) {
      navigate({ kind: 'planPreview', planId, interval }, 0, { kind: 'heading' });
      host.post({ type: 'previewPlanChange', planId, interval });
    },
    openCancel() {
      navigate({ kind: 'cancel' }, 0, { kind: 'heading' });
      // Free's included credits (what a cancellation leads to) come from the catalogue.
      if (!stateRef.current?.plans.catalogue) host.post({ type: 'loadPlans' });
    },
    /** Back to the overview from a plan view, focus on what opened it. */
    toOverview(focusId: string) {
      host.post({ type: 'dismissPlanChange' });
      navigate(OVERVIEW, uiRef.current.listScroll.overview, { kind: 'element', id: focusId });
    },
    back() {
      const view = uiRef.current.view;
      if (view.kind === 'planPreview') {
        host.post({ type: 'dismissPlanChange' });
        navigate({ kind: 'plans', highlight: view.planId, interval: view.interval }, 0, { kind: 'heading' });
        return;
      }
      if (view.kind === 'plans') return navigation.toOverview('change-plan');
      if (view.kind === 'cancel') return navigation.toOverview('cancel-subscription');
      if (view.kind === 'invoice') {
        host.post({ type: 'closeDetails' });
        navigate(view.from === 'payments' ? { kind: 'payments' } : OVERVIEW, uiRef.current.listScroll[view.from], { kind: 'openInvoice', invoiceId: view.invoiceId });
      } else if (view.kind === 'payments') {
        navigate(OVERVIEW, uiRef.current.listScroll.overview, { kind: 'showPayments' });
      }
    },
  };

  function handleMessage(message: HostToWebviewMessage) {
    switch (message.type) {
      case 'state': {
        const previous = stateRef.current;
        const next = message.state;
        stateRef.current = next;
        setReceived((r) => ({ state: next, seq: (r?.seq ?? 0) + 1 }));
        setNow(clock());
        setSaved((s) => (s && JSON.stringify(next.account?.billingDetails ?? null) !== s.baseline ? null : s));
        for (const card of next.paymentMethods.items) seenCards.current.set(card.id, card);
        const otherAccount = next.kind === 'signedOut' || (previous?.account && next.account && previous.account.user.id !== next.account.user.id);
        if (otherAccount && (uiRef.current.billingEdit || uiRef.current.billingSaved || uiRef.current.view.kind !== 'overview')) {
          // Another account's draft, or a view of its invoices, must not outlive the session.
          updateUi({ ...uiRef.current, billingEdit: null, billingSaved: false, view: OVERVIEW });
        }
        if (otherAccount) setCardNotice(null);
        if (!viewRestored.current && hasAccountData(next)) {
          viewRestored.current = true;
          // A view restored after a reload: its data lives in the host, which may have lost it (window reload).
          const view = uiRef.current.view;
          if (view.kind === 'invoice' && next.invoiceDetails.invoiceId !== view.invoiceId) host.post({ type: 'openInvoice', invoiceId: view.invoiceId });
          if (view.kind === 'payments') host.post({ type: 'loadPayments' });
          if ((view.kind === 'plans' || view.kind === 'cancel') && !next.plans.catalogue) host.post({ type: 'loadPlans' });
        }
        const text = announcementFor(t, previous, next, userRefresh.current);
        if (text) announce(text);
        const outcome = next.plans.outcome;
        if (outcome && JSON.stringify(outcome) !== JSON.stringify(previous?.plans.outcome ?? null)) {
          announce(outcomeSentence(t, { date: (iso) => formatDate(iso, locale) }, outcome));
          // A change that took effect or was scheduled, or a cancellation: back to the overview, which shows it.
          const view = uiRef.current.view;
          if (outcome.kind !== 'requiresPayment' && (view.kind === 'planPreview' || view.kind === 'cancel' || view.kind === 'plans')) {
            navigate(OVERVIEW, 0, { kind: 'element', id: 'subscription-heading' });
          }
        }
        const refusal = next.plans.refusal;
        if (refusal && JSON.stringify(refusal) !== JSON.stringify(previous?.plans.refusal ?? null)) announce(refusal.message);
        if (previous?.refreshing && !next.refreshing) userRefresh.current = false;
        return;
      }
      case 'billingDetailsSaved': {
        const edit = uiRef.current.billingEdit;
        if (edit?.pendingRequestId !== message.requestId) return; // a reply to a save this page no longer waits for
        updateUi({ ...uiRef.current, billingEdit: null, billingSaved: true });
        setSaved({
          details: message.billingDetails,
          baseline: JSON.stringify(stateRef.current?.account?.billingDetails ?? null),
        });
        announce(t('Billing information saved. The change applies to future invoices only.'));
        return;
      }
      case 'billingDetailsRejected': {
        const edit = uiRef.current.billingEdit;
        if (!edit || edit.pendingRequestId !== message.requestId) return;
        updateUi({
          ...uiRef.current,
          billingEdit: { ...edit, pendingRequestId: null, fieldErrors: message.fieldErrors, message: message.message },
        });
        const reasons = [...message.fieldErrors.map((e) => e.message), ...(message.message ? [message.message] : [])];
        announce(`${t('Billing information was not saved.')} ${reasons.join(' ')}`.trim());
        return;
      }
      case 'paymentMethodResult': {
        if (message.status === 'cancelled') return;
        const card = seenCards.current.get(message.paymentMethodId) ?? { brand: 'unknown' as const, last4: '????' };
        const notice: CardChangeNotice = { action: message.action, status: message.status, card, message: message.message };
        setCardNotice(notice);
        const brand = cardBrandName(t, card.brand);
        if (message.status === 'failed') {
          announce(`${message.action === 'remove' ? t("Couldn't remove the card") : t("Couldn't change the default card")}. ${message.message ?? ''}`.trim());
        } else {
          announce(
            message.action === 'remove'
              ? t('{0} ending in {1} was removed.', brand, card.last4)
              : t('{0} ending in {1} is now your default card.', brand, card.last4),
          );
        }
        return;
      }
      case 'downloadProgress': {
        setDownloads((d) => ({ ...d, [message.invoiceId]: { status: message.status, message: message.message } }));
        const number = invoiceNumber(message.invoiceId);
        const texts = {
          started: t('Downloading invoice {0}…', number),
          done: t('Invoice {0} downloaded.', number),
          cancelled: t('Download of invoice {0} cancelled.', number),
          failed: t("Couldn't download invoice {0}. {1}", number, message.message ?? ''),
        };
        announce(texts[message.status].trim());
        return;
      }
      case 'showPlans':
        navigation.openPlans(message.highlight);
        return;
      case 'showUsage': {
        // Enable overage / Raise spend cap: the overview's Usage section, focus on the overage toggle.
        if (uiRef.current.view.kind !== 'overview') navigate(OVERVIEW, uiRef.current.listScroll.overview, { kind: 'element', id: 'usage-overage-enabled' });
        else setTimeout(() => (document.getElementById('usage-overage-enabled') ?? document.getElementById('usage-heading'))?.focus(), 0);
        return;
      }
    }
  }

  // Listen first, then say hello: the host answers `ready` with the current state.
  useEffect(() => {
    const unsubscribe = host.onMessage(handleMessage);
    host.post({ type: 'ready' });
    return unsubscribe;
  }, [host]);

  // Relative times stay true while the panel stays open.
  useEffect(() => {
    const timer = setInterval(() => setNow(clock()), TICK_MS);
    return () => clearInterval(timer);
  }, [clock]);

  // Keep the scroll position for the next load of the page (hidden panels are reloaded).
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const onScroll = () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        uiRef.current = { ...uiRef.current, scrollY: window.scrollY };
        host.saveUiState(uiRef.current);
      }, SCROLL_SAVE_DELAY_MS);
    };
    window.addEventListener('scroll', onScroll, { passive: true });
    return () => {
      clearTimeout(timer);
      window.removeEventListener('scroll', onScroll);
    };
  }, [host]);

  // After a view change rendered: where the view was scrolled, and focus on its heading or back on what opened it.
  useEffect(() => {
    const pending = afterNavigation.current;
    if (!pending) return;
    afterNavigation.current = null;
    window.scrollTo(0, pending.scrollY);
    focusTarget(pending.focus);
  }, [ui.view]);

  // Effects run after the browser painted: report each painted state to the host.
  useEffect(() => {
    if (!received) return;
    const hasData = hasAccountData(received.state);
    if (hasData && !scrollRestored.current) {
      scrollRestored.current = true;
      if (uiRef.current.scrollY > 0) window.scrollTo(0, uiRef.current.scrollY);
    }
    host.post({ type: 'rendered', hasData });
  }, [received]);

  const state = received?.state ?? null;
  const billing = {
    onEdit(details: BillingDetails) {
      updateUi({
        ...uiRef.current,
        billingSaved: false,
        billingEdit: { draft: draftFromDetails(details), pendingRequestId: null, fieldErrors: [], message: null },
      });
    },
    onChange(draft: BillingDraft, touched: (path: string) => boolean) {
      const edit = uiRef.current.billingEdit;
      if (!edit) return;
      updateUi({
        ...uiRef.current,
        billingEdit: { ...edit, draft, fieldErrors: edit.fieldErrors.filter((e) => !touched(e.field)) },
      });
    },
    onSave() {
      const edit = uiRef.current.billingEdit;
      if (!edit || edit.pendingRequestId) return;
      const problems = checkDraft(t, edit.draft);
      if (problems.length > 0) {
        updateUi({ ...uiRef.current, billingEdit: { ...edit, fieldErrors: problems, message: null } });
        announce(`${t('Billing information was not saved.')} ${problems.map((p) => p.message).join(' ')}`);
        return;
      }
      const requestId = newRequestId();
      updateUi({ ...uiRef.current, billingEdit: { ...edit, pendingRequestId: requestId, message: null } });
      host.post({ type: 'saveBillingDetails', requestId, details: draftToInput(edit.draft) });
      announce(t('Saving billing information…'));
    },
    onCancel() {
      updateUi({ ...uiRef.current, billingEdit: null });
    },
    onDismissSaved() {
      updateUi({ ...uiRef.current, billingSaved: false });
    },
  };

  let body;
  if (!state) {
    body = <LoadingScreen checking={false} />;
  } else if (state.kind === 'signedOut') {
    body = <SignedOutScreen />;
  } else if (!state.account) {
    body = state.error ? (
      <ErrorScreen error={state.error} retrying={state.refreshing} />
    ) : (
      <LoadingScreen checking={state.kind === 'checking'} />
    );
  } else if (ui.view.kind === 'invoice') {
    const { invoiceId } = ui.view;
    const listed =
      state.invoices.items.find((invoice) => invoice.id === invoiceId) ??
      state.payments.items.filter((payment) => payment.invoiceId === invoiceId).map((payment) => ({ number: payment.invoiceNumber }))[0];
    body = (
      <>
        <StaleNotice state={state} />
        <PortalNotice portal={state.portal} />
        <InvoiceDetailsPage invoiceId={invoiceId} from={ui.view.from} view={state.invoiceDetails} listed={listed} download={downloads[invoiceId]} onBack={navigation.back} />
      </>
    );
  } else if (ui.view.kind === 'plans') {
    const view = ui.view;
    body = (
      <>
        <StaleNotice state={state} />
        <PortalNotice portal={state.portal} />
        <ChangePlanPage
          plans={state.plans}
          kind={state.kind}
          account={state.account}
          highlight={view.highlight}
          interval={view.interval}
          onInterval={(interval) => updateUi({ ...uiRef.current, view: { ...view, interval } })}
          onChoose={navigation.choosePlan}
          onCancel={navigation.openCancel}
          onBack={navigation.back}
        />
      </>
    );
  } else if (ui.view.kind === 'planPreview') {
    const view = ui.view;
    body = (
      <>
        <StaleNotice state={state} />
        <PortalNotice portal={state.portal} />
        <PlanPreviewPage
          plans={state.plans}
          account={state.account}
          planId={view.planId}
          interval={view.interval}
          onPreviewAgain={() => host.post({ type: 'previewPlanChange', planId: view.planId, interval: view.interval })}
          onCancel={navigation.openCancel}
          onBack={navigation.back}
        />
      </>
    );
  } else if (ui.view.kind === 'cancel') {
    body = (
      <>
        <StaleNotice state={state} />
        <CancelDialog plans={state.plans} account={state.account} onKeep={navigation.back} />
      </>
    );
  } else if (ui.view.kind === 'payments') {
    body = (
      <>
        <StaleNotice state={state} />
        <PortalNotice portal={state.portal} />
        <PaymentsViewPage payments={state.payments} onBack={navigation.back} onOpenInvoice={navigation.openInvoice} />
      </>
    );
  } else {
    const account: AccountSummary = state.account;
    const details = saved?.details ?? account.billingDetails;
    body = (
      <>
        <StaleNotice state={state} />
        <PortalNotice portal={state.portal} />
        {state.kind !== 'checking' && <PastDueBanner kind={state.kind} account={account} />}
        <PlanOutcomeNotice plans={state.plans} portal={state.portal} />
        <SubscriptionSection
          kind={state.kind}
          account={account}
          busy={state.plans.busy !== null}
          navigation={{ onChangePlan: () => navigation.openPlans(null), onCancel: navigation.openCancel }}
        />
        {(state.usage.usage !== null || state.usage.loading || state.usage.error !== null) && (
          <UsageSection kind={state.kind} view={state.usage} onUpgrade={() => navigation.openPlans(null)} />
        )}
        <PaymentMethodsSection kind={state.kind} account={account} cards={state.paymentMethods} notice={cardNotice} onDismissNotice={() => setCardNotice(null)} />
        <BillingInfoSection
          details={details}
          edit={ui.billingEdit}
          saved={ui.billingSaved}
          onEdit={() => billing.onEdit(details)}
          onChange={billing.onChange}
          onSave={billing.onSave}
          onCancel={billing.onCancel}
          onDismissSaved={billing.onDismissSaved}
        />
        <InvoicesSection invoices={state.invoices} downloads={downloads} onOpenInvoice={navigation.openInvoice} onShowPayments={navigation.showPayments} />
      </>
    );
  }

  return (
    <PanelEnvContext.Provider value={env}>
      <div class="page">
        <Header state={state} />
        <main class="page__main">{body}</main>
        <div class="visually-hidden" role="status" aria-live="polite" aria-atomic="true">
          {announcement}
        </div>
      </div>
    </PanelEnvContext.Provider>
  );
}
