import { z } from 'zod';
import { ratesInputSchema } from '../../../core/model/exchange-rates.ts';
import { currencySchema } from '../../../core/model/primitives.ts';

/** `{currency}` of the exchange-rate routes: an ISO 4217 code such as `USD`. */
export const currencyParamsSchema = z.strictObject({ currency: currencySchema });

/** PUT /exchange-rates/{currency}: the currency's rates, replacing those stored; currency and version are not part of the body. */
export const exchangeRatesInputSchema = z.strictObject({ rates: ratesInputSchema });
