// Tokens and base styles first, so each component's own CSS comes after them and wins ties.
import './app/tokens.css';
import './app/base.css';
import { createRoot } from 'react-dom/client';
import { App } from './app/App.tsx';
import { applyInitialTheme } from './app/theme.ts';

// Before the first paint, so a dark-theme wall display never flashes white.
applyInitialTheme();

const container = document.getElementById('root');
if (!container) throw new Error('index.html is missing #root');
createRoot(container).render(<App />);
