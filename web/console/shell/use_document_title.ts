import { useEffect } from 'preact/hooks';
import type { Session } from '../../ui/api';
import { documentTitle, strings } from '../../ui/strings';

// Sets the document title of a console view: the view's own title, the console, the tenant.
export function useDocumentTitle(title: string, session: Session) {
  useEffect(() => {
    document.title = documentTitle(title, strings.console.areaName, session.tenant.name);
  }, [title, session.tenant.name]);
}
