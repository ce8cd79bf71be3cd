import { webSocketUrl } from '../../ui/api';

// Server-to-client message of the real-time channel.
export interface Envelope {
  type: string;
  id?: string;
  data?: unknown;
}

export type LiveStatus = 'connecting' | 'open' | 'lost';

export interface LiveHandlers {
  onMessage(envelope: Envelope): void;
  onStatus(status: LiveStatus): void;
  // Called before each reconnection attempt; resolving false gives up (e.g. the session ended).
  beforeReconnect?(): Promise<boolean>;
}

const INITIAL_DELAY_MS = 1000;
const MAX_DELAY_MS = 30000;

function isEnvelope(value: unknown): value is Envelope {
  return typeof value === 'object' && value !== null && typeof (value as Record<string, unknown>)['type'] === 'string';
}

// The console's single WebSocket to /api/v1/ws (cookie-authenticated). When it drops it reconnects
// with exponential backoff and jitter, so that a restarted server is not hit by every console at
// the same instant. stop() closes it for good.
export class LiveConnection {
  private readonly handlers: LiveHandlers;
  private socket: WebSocket | null = null;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private attempts = 0;
  private stopped = true;
  private everOpened = false;

  constructor(handlers: LiveHandlers) {
    this.handlers = handlers;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.handlers.onStatus('connecting');
    this.connect();
  }

  stop(): void {
    this.stopped = true;
    if (this.retryTimer !== null) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    const socket = this.socket;
    this.socket = null;
    if (socket !== null) {
      socket.onopen = null;
      socket.onmessage = null;
      socket.onclose = null;
      socket.onerror = null;
      socket.close(1000);
    }
  }

  private connect(): void {
    let socket: WebSocket;
    try {
      socket = new WebSocket(webSocketUrl());
    } catch {
      this.onLost();
      return;
    }
    this.socket = socket;
    socket.onopen = () => {
      this.attempts = 0;
      this.everOpened = true;
      this.handlers.onStatus('open');
    };
    socket.onmessage = (event: MessageEvent) => {
      if (typeof event.data !== 'string') return;
      let decoded: unknown;
      try {
        decoded = JSON.parse(event.data);
      } catch {
        return;
      }
      if (isEnvelope(decoded)) this.handlers.onMessage(decoded);
    };
    // An error is always followed by a close event, which handles it.
    socket.onerror = () => {};
    socket.onclose = () => {
      if (this.socket === socket) this.socket = null;
      this.onLost();
    };
  }

  private onLost(): void {
    if (this.stopped) return;
    // A first connection that never opened is still "connecting" for the person; a connection
    // that worked and dropped is "lost".
    this.handlers.onStatus(this.everOpened || this.attempts > 0 ? 'lost' : 'connecting');
    const ceiling = Math.min(MAX_DELAY_MS, INITIAL_DELAY_MS * 2 ** this.attempts);
    const delay = ceiling / 2 + Math.random() * (ceiling / 2);
    this.attempts += 1;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      void this.retry();
    }, delay);
  }

  private async retry(): Promise<void> {
    if (this.stopped) return;
    if (this.handlers.beforeReconnect !== undefined) {
      let keepGoing = true;
      try {
        keepGoing = await this.handlers.beforeReconnect();
      } catch {
        keepGoing = true;
      }
      if (!keepGoing || this.stopped) return;
    }
    this.connect();
  }
}
