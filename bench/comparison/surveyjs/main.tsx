// The fontless build of SurveyJS's default theme: the plain one @imports a web font an offline app cannot load.
import 'survey-core/survey-core.fontless.min.css';
import { createRoot } from 'react-dom/client';
import { Model, settings } from 'survey-core';
import { Survey } from 'survey-react-ui';

/** The survey JSON, written in at bench time from instruments/shaps (see ../surveyjs-json.ts). */
declare const __SHAPS_SURVEY__: Record<string, unknown>;

// SurveyJS at its quickest, so "tap → next item" is its rendering, not a wait it adds on purpose: by default it
// waits 300 ms before auto-advancing and animates the page change.
settings.autoAdvanceDelay = 0;
settings.animationEnabled = false;

const root = document.getElementById('root');
if (root) createRoot(root).render(<Survey model={new Model(__SHAPS_SURVEY__)} />);
