// Placeholder entry point until the AffectGPT-R1 recipe lands (issue 7).
console.log('r1kit: the AffectGPT-R1 example is being built; run `npm test` for the packages.');
