// First: zod must be jitless before any module builds a schema (see zod-jitless.ts).
import './zod-jitless.ts';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app.tsx';
import { startBoot } from './boot.ts';
import { openDatabase } from '../storage/database.ts';
import './styles.css';

performance.mark('mp:main');
// Reading starts now, while React renders its first frame (boot.ts).
const db = openDatabase();
const early = startBoot(db);

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <App db={db} early={early} />
  </StrictMode>,
);
