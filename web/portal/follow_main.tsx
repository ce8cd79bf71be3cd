// Entry point of the follow-up page (dist/suivi/index.html).
import { render } from 'preact';
import '../ui/theme.css';
import { FollowPage } from './follow_page';

const root = document.getElementById('app');
if (root !== null) render(<FollowPage />, root);
