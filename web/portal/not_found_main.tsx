// Entry point of the site's 404 page (dist/404.html).
import { render } from 'preact';
import '../ui/theme.css';
import { NotFoundPage } from './not_found_page';

const root = document.getElementById('app');
if (root !== null) render(<NotFoundPage />, root);
