import { describeFuzz } from './fuzz-runner.ts';

// The security issue's fuzz: at least 1,000 malformed requests per route; no 5xx, the error shape, no leaks, no change.
describeFuzz('goals');
