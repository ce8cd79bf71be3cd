import { useEffect, useId, useRef, useState } from 'preact/hooks';
import type { Agent } from '../../ui/api';
import { VisuallyHidden } from '../../ui/alert';
import { Button } from '../../ui/button';
import { roleLabel, strings } from '../../ui/strings';

const t = strings.console.header;

interface UserMenuProps {
  agent: Agent;
  onLogout: () => void;
}

// A disclosure button with the agent's name that shows their account and the logout action.
// It is a disclosure rather than an ARIA menu: its content is ordinary buttons reached with Tab.
// Escape closes it and gives focus back to the button; so does a click outside.
export function UserMenu({ agent, onLogout }: UserMenuProps) {
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const wrapper = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);

  // A click outside closes the panel. (Escape is handled on the wrapper itself, below: a
  // listener added by an effect would miss a key pressed right after the panel opened.)
  useEffect(() => {
    if (!open) return;
    const onPointerDown = (event: PointerEvent) => {
      if (wrapper.current !== null && !wrapper.current.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('pointerdown', onPointerDown);
    return () => document.removeEventListener('pointerdown', onPointerDown);
  }, [open]);

  return (
    <div
      class="user-menu"
      ref={wrapper}
      onKeyDown={(event) => {
        if (event.key === 'Escape' && open) {
          setOpen(false);
          button.current?.focus();
        }
      }}
      onFocusOut={(event) => {
        const next = event.relatedTarget as Node | null;
        if (next !== null && wrapper.current !== null && !wrapper.current.contains(next)) setOpen(false);
      }}
    >
      <button
        ref={button}
        type="button"
        class="button button--quiet user-menu__button"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen(!open)}
      >
        {agent.display_name}
        <VisuallyHidden>, {t.userMenuButtonHint}</VisuallyHidden>
      </button>
      <div class="user-menu__panel" id={panelId} hidden={!open}>
        <p class="user-menu__identity">
          {agent.email}
          <br />
          {agent.roles.map(roleLabel).join(strings.common.listSeparator)}
        </p>
        <ul class="user-menu__actions">
          <li>
            <Button variant="secondary" onClick={onLogout}>
              {t.logout}
            </Button>
          </li>
        </ul>
      </div>
    </div>
  );
}
