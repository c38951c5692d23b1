// Decap CMS starts by itself once loaded; admin.mjs registers the help center's entry format and
// preview first, then starts it.
window.CMS_MANUAL_INIT = true;
