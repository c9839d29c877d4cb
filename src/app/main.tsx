// First: zod must be jitless before any module builds a schema (see zod-jitless.ts).
import './zod-jitless.ts';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app.tsx';
import { startBoot } from './boot.ts';
import { openDatabase } from '../storage/database.ts';
import './styles.css';

performance.mark('mp:main');
/*
 * Reading starts now (boot.ts), and React's first render waits for it, up to FIRST_RENDER_WAIT_MS: on a slow tablet,
 * rendering and laying out "Opening…" in between delays the first screen more than it shows (issue 20). When the
 * reads take longer (an upgrade, a busy disk, a SMART step), "Opening…" shows after that wait.
 */
const FIRST_RENDER_WAIT_MS = 400;
const db = openDatabase();
const early = startBoot(db);
const waited = new Promise<undefined>((resolve) => setTimeout(resolve, FIRST_RENDER_WAIT_MS));

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
void (early ? Promise.race([early, waited]) : Promise.resolve(undefined)).then((settled) =>
  createRoot(root).render(
    <StrictMode>
      <App db={db} early={early} settled={settled} />
    </StrictMode>,
  ),
);
