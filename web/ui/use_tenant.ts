import { useEffect, useState } from 'preact/hooks';
import { api, type Tenant } from './api';
import { messageFromError, type Message } from './alert';

export interface TenantState {
  tenant: Tenant | null;
  loading: boolean;
  error: Message | null;
}

// Loads the public description of the current tenant once, for pages that show its name.
export function useTenant(): TenantState {
  const [state, setState] = useState<TenantState>({ tenant: null, loading: true, error: null });
  useEffect(() => {
    let alive = true;
    api
      .tenant()
      .then((tenant) => alive && setState({ tenant, loading: false, error: null }))
      .catch((error: unknown) => alive && setState({ tenant: null, loading: false, error: messageFromError(error) }));
    return () => {
      alive = false;
    };
  }, []);
  return state;
}
