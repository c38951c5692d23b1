/* Self-check probe: named like an ad script, served from our own site. Contains no ads. */
window.__helpCenterSelfCheckProbes = window.__helpCenterSelfCheckProbes || {};
window.__helpCenterSelfCheckProbes.ads = true;
