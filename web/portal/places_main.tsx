// Entry point of the places pages (dist/lieux/index.html): the list, or one place with ?id=.
import { render } from 'preact';
import '../ui/theme.css';
import { PlacesPage } from './places_page';

const root = document.getElementById('app');
if (root !== null) render(<PlacesPage />, root);
