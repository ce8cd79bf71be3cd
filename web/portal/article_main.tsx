// Entry point of the article page (dist/fiche/index.html).
import { render } from 'preact';
import '../ui/theme.css';
import { ArticlePage } from './article_page';

const root = document.getElementById('app');
if (root !== null) render(<ArticlePage />, root);
