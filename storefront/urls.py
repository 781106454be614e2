"""The tourists' pages and the staff's printable QR codes."""

from django.urls import path

from storefront.views import back_in_stock, browse, checkout, landing, qr, wechat

app_name = "storefront"

urlpatterns = [
    path("", browse.home, name="home"),
    path("products/", browse.product_list, name="products"),
    path("category/<slug:slug>/", browse.category, name="category"),
    path("search/", browse.search, name="search"),
    path("makers/", browse.maker_list, name="makers"),
    path("makers/<slug:code>/", browse.maker, name="maker"),
    path("p/<slug:slug>/", browse.product, name="product"),
    path("p/<slug:slug>/notify/", back_in_stock.subscribe, name="back-in-stock"),
    path("notify/<uuid:token>/", back_in_stock.unsubscribe, name="back-in-stock-unsubscribe"),
    path("c/<slug:code>/", landing.cart_page, name="cart"),
    path("go/<slug:code>/", landing.campaign_link, name="campaign"),
    path("basket/", checkout.basket, name="basket"),
    path("basket/add/", checkout.basket_add, name="basket-add"),
    path("basket/update/", checkout.basket_update, name="basket-update"),
    path("checkout/", checkout.checkout, name="checkout"),
    path("checkout/pay/", checkout.payment, name="payment"),
    path("checkout/pay/test-card/", checkout.pay_with_test_card, name="pay-test-card"),
    path("checkout/pay/with/", checkout.pay_with, name="pay-with"),
    path("checkout/return/", checkout.checkout_return, name="checkout-return"),
    path("checkout/wechat/openid/", wechat.wechat_openid, name="wechat-openid"),
    path("checkout/done/<uuid:token>/", checkout.confirmation, name="confirmation"),
    path("orders/find/", checkout.order_lookup, name="order-lookup"),
    path("orders/<uuid:token>/", checkout.order_status, name="order"),
    path("staff/qr/", qr.qr_index, name="qr-index"),
    path("staff/qr/products/<slug:slug>/", qr.product_tags, name="qr-product"),
    path("staff/qr/carts/<slug:code>/", qr.cart_poster, name="qr-cart"),
    path("staff/qr/campaigns/<slug:code>/", qr.campaign_qr, name="qr-campaign"),
]
