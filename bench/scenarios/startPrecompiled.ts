// A service start that loads the precompiled validators: what every role does.
import { eventCatalogue } from '../../generated/asyncapi/catalogue.ts';

if (Object.keys(eventCatalogue).length === 0) process.exitCode = 1;
