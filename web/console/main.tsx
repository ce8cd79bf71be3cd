// Entry point of the agent console (dist/console/index.html), served for /console and /console/*.
import { render } from 'preact';
import '../ui/theme.css';
import { ConsoleApp } from './shell/app';

const root = document.getElementById('app');
if (root !== null) render(<ConsoleApp />, root);
