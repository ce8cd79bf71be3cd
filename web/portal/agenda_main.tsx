// Entry point of the agenda page (dist/agenda/index.html).
import { render } from 'preact';
import '../ui/theme.css';
import { AgendaPage } from './agenda_page';

const root = document.getElementById('app');
if (root !== null) render(<AgendaPage />, root);
