// Entry point of the accessibility statement page (dist/accessibilite/index.html).
import { render } from 'preact';
import '../ui/theme.css';
import { AccessibilityStatement } from './accessibility_statement';

const root = document.getElementById('app');
if (root !== null) render(<AccessibilityStatement />, root);
