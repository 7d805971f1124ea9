"""Sales of a firm: products, orders with their lines, and what each
customer has bought."""
