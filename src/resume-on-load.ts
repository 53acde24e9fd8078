import { resume } from './delivery.js';

// In a browser, deliver what a previous page of this origin left pending: after this task, so
// that init() called right after loading (endpoint, CSRF headers) is in force. Only the ESM entry
// imports this; the script-tag entry resumes only when it takes over window.Featurebase.
if (typeof document != 'undefined') setTimeout(resume());
