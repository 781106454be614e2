"""The online sale: checkouts (baskets) for anyone holding their token, orders by token, and the
staff's fulfilment and refunds (Saleor's names). Contract: docs/checkout.md."""
