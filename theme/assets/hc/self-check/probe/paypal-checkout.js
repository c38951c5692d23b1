/* Self-check probe: named like a payment script. If a blocker stops it, the flag stays unset. */
window.__helpCenterSelfCheckProbes = window.__helpCenterSelfCheckProbes || {};
window.__helpCenterSelfCheckProbes.payment = true;
