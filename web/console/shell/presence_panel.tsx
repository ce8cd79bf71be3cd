import { useId } from 'preact/hooks';
import type { Ref } from 'preact';
import type { PresenceAgent } from '../../ui/api';
import { VisuallyHidden } from '../../ui/alert';
import { formatTime } from '../../ui/format';
import { roleLabel, strings } from '../../ui/strings';
import type { PresenceState } from './use_presence';

const t = strings.console.presence;

interface PresencePanelProps {
  presence: PresenceState;
  selfId: string;
  timeZone: string;
  // The panel is the page itself (h1) on its own view, a section (h2) on the dashboard.
  headingLevel: 1 | 2;
  headingRef?: Ref<HTMLHeadingElement>;
}

function PresenceItem({ agent, isSelf, timeZone }: { agent: PresenceAgent; isSelf: boolean; timeZone: string }) {
  const since = formatTime(agent.since, timeZone);
  return (
    <li class="presence-list__item">
      <div class="presence-list__body">
        <p class="presence-list__name">
          {agent.display_name}
          {isSelf && <span class="muted"> {t.you}</span>}
        </p>
        {agent.roles.length > 0 && (
          <p class="presence-list__roles">
            <VisuallyHidden>{t.rolesLabel} </VisuallyHidden>
            {agent.roles.map(roleLabel).join(strings.common.listSeparator)}
          </p>
        )}
        {since !== null && <p class="presence-list__since">{t.since(since)}</p>}
      </div>
    </li>
  );
}

// The live list of the agents online, with a polite live region that reads out arrivals and
// departures (the list itself is not live: re-reading it on every change would be noise).
export function PresencePanel({ presence, selfId, timeZone, headingLevel, headingRef }: PresencePanelProps) {
  const headingId = useId();
  const Heading = headingLevel === 1 ? 'h1' : 'h2';
  const { agents, announcement } = presence;
  // As the page heading (h1) it receives focus after navigation.
  const headingProps = headingLevel === 1 && headingRef !== undefined ? { ref: headingRef, tabIndex: -1 } : {};
  return (
    <section class="presence" aria-labelledby={headingId}>
      <Heading id={headingId} {...headingProps}>
        {t.heading}
        {agents !== null && <span class="presence__count"> ({t.count(agents.length)})</span>}
      </Heading>
      <div class="visually-hidden" aria-live="polite">
        {announcement !== null && <p key={announcement.sequence}>{announcement.text}</p>}
      </div>
      {agents === null ? (
        <p class="muted">{t.waiting}</p>
      ) : agents.length === 0 ? (
        <p>{t.empty}</p>
      ) : (
        <ul class="presence-list" aria-labelledby={headingId}>
          {agents.map((agent) => (
            <PresenceItem key={agent.id} agent={agent} isSelf={agent.id === selfId} timeZone={timeZone} />
          ))}
        </ul>
      )}
    </section>
  );
}
