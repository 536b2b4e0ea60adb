// Progressive enhancement only: every page works without this file.
import { initAll } from "/static/govuk/govuk-frontend.min.js";

initAll();

// Warn two minutes before the idle timeout; the form inside works without this script too.
const sessionWarning = document.getElementById("session-warning");
if (sessionWarning) {
  const idleSeconds = Number(sessionWarning.dataset.idleSeconds) || 0;
  window.setTimeout(() => {
    sessionWarning.hidden = false;
    sessionWarning.focus();
  }, Math.max(idleSeconds - 120, 0) * 1000);
}
