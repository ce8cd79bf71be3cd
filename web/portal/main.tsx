// Entry point of the public portal home page (dist/index.html).
import { render } from 'preact';
import '../ui/theme.css';
import { PortalHome } from './portal_home';

const root = document.getElementById('app');
if (root !== null) render(<PortalHome />, root);
