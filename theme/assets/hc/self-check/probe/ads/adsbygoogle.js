/* Self-check probe: named like an ad script, served from our own site. Contains no ads. */
window.__alsgemSelfCheckProbes = window.__alsgemSelfCheckProbes || {};
window.__alsgemSelfCheckProbes.ads = true;
