"""Add, change, retire and remove the firm's products."""

import uuid

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core import audit
from tenants.sales.models import OrderLine, Product
from tenants.sales.money import NotWhole, parse_whole, whole_som_message
from tenants.sales.services import MAX_PRICE, SaleError

MAX_NAME = 200
MAX_SKU = 60
FIELDS = ("name", "sku", "unit_price", "active")


class ProductInUse(Exception):
    """A product that past sales point at cannot be removed."""


def get_product(session: Session, product_id: uuid.UUID) -> Product | None:
    """Return the workspace's product with this id, or None."""
    return session.scalar(select(Product).where(Product.id == product_id))


def product_query(text: str | None = None, active: bool | None = None):
    """Return a select of products whose name or SKU contains `text`,
    limited to active (True) or inactive (False) ones when asked."""
    query = select(Product)
    if text and text.strip():
        pattern = f"%{text.strip().lower()}%"
        query = query.where(
            func.lower(Product.name).like(pattern)
            | func.lower(Product.sku).like(pattern)
        )
    if active is not None:
        query = query.where(Product.active.is_(active))
    return query


def active_products(session: Session) -> list[Product]:
    """Return the products on sale, by name, for pickers."""
    return list(session.scalars(product_query(active=True).order_by(Product.name)))


def _sku_taken(session: Session, sku: str, product: Product | None) -> bool:
    query = select(Product.id).where(Product.sku == sku)
    if product is not None:
        query = query.where(Product.id != product.id)
    return session.scalar(query) is not None


def _check(session: Session, data: dict, product: Product | None) -> dict:
    errors, clean = {}, {}
    if "name" in data:
        name = (data["name"] or "").strip()
        if not name:
            errors["name"] = [_("Enter the product's name.")]
        elif len(name) > MAX_NAME:
            errors["name"] = [_("The name is too long.")]
        clean["name"] = name

    if "sku" in data:
        sku = (data["sku"] or "").strip() or None
        if sku and len(sku) > MAX_SKU:
            errors["sku"] = [_("The SKU is too long.")]
        elif sku and _sku_taken(session, sku, product):
            errors["sku"] = [_("Another product already has this SKU.")]
        clean["sku"] = sku

    if "unit_price" in data:
        try:
            price = parse_whole(data["unit_price"])
        except NotWhole:
            errors["unit_price"] = [whole_som_message()]
        else:
            if price < 0:
                errors["unit_price"] = [_("A price cannot be negative.")]
            elif price > MAX_PRICE:
                errors["unit_price"] = [_("The price is too large.")]
            clean["unit_price"] = price

    if "active" in data:
        clean["active"] = bool(data["active"])
    if errors:
        raise SaleError(errors)
    return clean


def create_product(
    session: Session,
    name: str,
    unit_price: int,
    sku: str | None = None,
    active: bool = True,
) -> Product:
    """Add a product and return it; raise SaleError when a field is not
    valid or the SKU is taken."""
    fields = _check(
        session,
        {"name": name, "unit_price": unit_price, "sku": sku, "active": active},
        None,
    )
    product = Product(**fields)
    session.add(product)
    session.flush()
    audit.record(session, "product.create", product)
    return product


def update_product(session: Session, product: Product, changes: dict) -> Product:
    """Apply `changes` (name, sku, unit_price, active) and return the
    product; raise SaleError, changing nothing, when one is not valid."""
    fields = _check(session, {k: v for k, v in changes.items() if k in FIELDS}, product)
    for name, value in fields.items():
        setattr(product, name, value)
    session.flush()
    audit.record(session, "product.update", product, fields=sorted(fields))
    return product


def set_active(session: Session, product: Product, active: bool) -> Product:
    """Put a product on sale or take it off; past sales keep it."""
    product.active = active
    session.flush()
    action = "product.activate" if active else "product.deactivate"
    audit.record(session, action, product)
    return product


def delete_product(session: Session, product: Product) -> None:
    """Remove a product that no sale uses; raise ProductInUse otherwise."""
    used = select(OrderLine.id).where(OrderLine.product_id == product.id)
    if session.scalar(used.limit(1)) is not None:
        raise ProductInUse(product.id)
    audit.record(session, "product.delete", product)
    session.delete(product)
    session.flush()
