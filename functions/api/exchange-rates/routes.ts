import { exchangeRatesSchema } from '../../../core/model/exchange-rates.ts';
import { admins } from '../../use-cases/access/roles.ts';
import { deleteExchangeRates } from '../../use-cases/exchange-rates/delete-exchange-rates.ts';
import { getExchangeRates } from '../../use-cases/exchange-rates/get-exchange-rates.ts';
import { listExchangeRates } from '../../use-cases/exchange-rates/list-exchange-rates.ts';
import { putExchangeRates } from '../../use-cases/exchange-rates/put-exchange-rates.ts';
import { withWriteRetry } from '../../http/if-match.ts';
import { created, noContent, ok } from '../../http/responses.ts';
import { route } from '../../http/route.ts';
import { sealedPage } from '../../http/sealed-page.ts';
import { listQuerySchema, listResponse } from '../common-schemas.ts';
import { currencyParamsSchema, exchangeRatesInputSchema } from './exchange-rates-schema.ts';

export const exchangeRateRoutes = [
  route({
    key: 'GET /exchange-rates',
    summary: "The tenant's currencies with their dated rates, in currency-code order",
    query: listQuerySchema,
    response: listResponse(exchangeRatesSchema),
    handle: async ({ principal, query, ports }) =>
      ok(await sealedPage(principal, 'GET /exchange-rates', query, (cursor) => listExchangeRates(ports, principal, { limit: query.limit, cursor }))),
  }),
  route({
    key: 'GET /exchange-rates/{currency}',
    summary: "A currency's dated rates, sorted by date (404 when it has none)",
    params: currencyParamsSchema,
    response: exchangeRatesSchema,
    handle: async ({ principal, params, ports }) => {
      const rates = await getExchangeRates(ports, principal, params.currency);
      return ok(rates, { version: rates.version });
    },
  }),
  route({
    key: 'PUT /exchange-rates/{currency}',
    summary:
      "Replace a currency's rates (201 when it had none): units of the default currency for one unit of it, each from its date until the next one's; " +
      'stored sorted by date, each rate a positive decimal with up to 10 digits after the point, one rate a date. ' +
      'The default currency is worth 1 on every date and takes no rates (409)',
    allow: admins,
    successStatus: [200, 201],
    params: currencyParamsSchema,
    body: exchangeRatesInputSchema,
    response: exchangeRatesSchema,
    handle: async ({ principal, params, body, ifMatch, ports }) => {
      const { rates, created: isNew } = await withWriteRetry(ifMatch, () =>
        putExchangeRates(ports, principal, { currency: params.currency, rates: body.rates, expectedVersion: ifMatch }),
      );
      return (isNew ? created : ok)(rates, { version: rates.version });
    },
  }),
  route({
    key: 'DELETE /exchange-rates/{currency}',
    summary: "Delete a currency's rates (admins; 404 when it has none)",
    params: currencyParamsSchema,
    handle: async ({ principal, params, ifMatch, ports }) => {
      await deleteExchangeRates(ports, principal, { currency: params.currency, expectedVersion: ifMatch });
      return noContent();
    },
  }),
];
