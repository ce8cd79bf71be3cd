// Entry point of the request form (dist/demande/index.html).
import { render } from 'preact';
import '../ui/theme.css';
import { RequestPage } from './request_page';

const root = document.getElementById('app');
if (root !== null) render(<RequestPage />, root);
