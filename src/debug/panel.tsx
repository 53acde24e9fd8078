import { Component } from 'preact';
import type { ContactInput, ContactOutput } from '../contact.js';
import type { DeliveryState } from '../events.js';
import { clock, describeError, describeHeadroom, describeResult, describeState, type LogEntry } from './format.js';
import { Identity } from './identity.js';
import type { DebugApi } from './types.js';

/** How many calls the log keeps, newest first. */
const LOG_SIZE = 20;

interface State {
  identity: ContactOutput | null;
  delivery: DeliveryState;
  log: (LogEntry & { id: number })[];
  headroom?: string;
  collapsed: boolean;
  /** The outcome of the last Copy, announced to screen readers. */
  notice: string;
}

/** The debug panel: subscribes to the SDK's events while mounted. */
export class Panel extends Component<{ api: DebugApi }, State> {
  private off: (() => void)[] = [];
  private count = 0;

  constructor(props: { api: DebugApi }) {
    super(props);
    this.state = { identity: props.api.getIdentity(), delivery: { state: 'idle' }, log: [], collapsed: false, notice: '' };
  }

  componentDidMount() {
    const { api } = this.props;
    this.off = [
      api.on('identify', (result) => {
        this.add(describeResult(result, api.init({}).dedupeMs));
        const headroom = describeHeadroom(result.headers);
        if (headroom) this.setState({ headroom });
      }),
      api.on('error', (error) => this.add(describeError(error))),
      api.on('reset', () => this.add({ at: Date.now(), outcome: 'reset', detail: 'identity and dedupe memory forgotten', tone: 'muted' })),
      api.on('state', (delivery) => this.setState({ delivery, identity: api.getIdentity() })),
    ];
  }

  componentWillUnmount() {
    this.off.forEach((off) => off());
  }

  private add(entry: LogEntry) {
    this.setState(({ log }) => ({ log: [{ ...entry, id: ++this.count }, ...log].slice(0, LOG_SIZE), identity: this.props.api.getIdentity() }));
  }

  private resend = () => {
    const { identity } = this.state;
    // The outcome arrives as an event, like any other call's; the rejection is handled there.
    if (identity) this.props.api.identify(identity as ContactInput, { force: true }).catch(() => {});
  };

  private reset = () => this.props.api.reset();

  private copy = () => {
    const done = (notice: string) => () => this.setState({ notice });
    // navigator.clipboard is missing outside secure contexts: report it instead of throwing.
    Promise.resolve()
      .then(() => navigator.clipboard.writeText(JSON.stringify(this.state.identity, null, 2)))
      .then(done('Identity copied as JSON'), done('Copy failed: the clipboard is not available here'));
  };

  private toggle = () => this.setState(({ collapsed }) => ({ collapsed: !collapsed }));

  render({ api }: { api: DebugApi }, { identity, delivery, log, headroom, collapsed, notice }: State) {
    return (
      <section class="panel" aria-labelledby="fb-title">
        <header>
          <h2 id="fb-title">Featurebase identify</h2>
          <span class={'badge ' + delivery.state}>{delivery.state}</span>
          <button type="button" aria-expanded={!collapsed} aria-controls="fb-body" onClick={this.toggle}>
            {collapsed ? 'Expand' : 'Collapse'}
          </button>
        </header>
        {!collapsed && (
          <div id="fb-body">
            <Identity contact={identity} />
            <dl>
              <dt>State</dt>
              <dd>{describeState(delivery)}</dd>
              <dt>Endpoint</dt>
              <dd>{api.init({}).endpoint}</dd>
              {headroom && <dt>Rate limit</dt>}
              {headroom && <dd>{headroom}</dd>}
            </dl>
            <div class="actions">
              <button type="button" onClick={this.resend} disabled={!identity} title="Send the current identity again, skipping dedupe">
                Resend
              </button>
              <button type="button" onClick={this.reset}>
                Reset
              </button>
              <button type="button" onClick={this.copy} disabled={!identity}>
                Copy JSON
              </button>
            </div>
            <p class="notice" role="status">
              {notice}
            </p>
            <h3>Recent calls</h3>
            {log.length ? (
              <ol class="log">
                {log.map((entry) => (
                  <li key={entry.id} class={entry.tone}>
                    <time>{clock(entry.at)}</time> <strong>{entry.outcome}</strong>
                    <span class="detail">{entry.detail}</span>
                  </li>
                ))}
              </ol>
            ) : (
              <p class="empty">No calls yet on this page</p>
            )}
          </div>
        )}
      </section>
    );
  }
}
