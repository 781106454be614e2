"""Counting a cart on the tablet, in Chromium against a live server: a row left blank is not counted,
"mark the rest as 0" is a button she presses, a row in error is scrolled to and marked with its
message beside it, and nothing is written until the count is right. Without a connection a count is
made against the tablet's own figures, queued, and sent once after the day's sales."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from playwright.sync_api import expect

from catalog.services import VariantInput, product_create
from inventory.models import StockCount, StockLevel
from inventory.services import LineQuantity, intake_create
from tests.pos.conftest import on_server
from tests.pos.test_browser import sell, sign_in_and_open_shift, waiting

pytestmark = pytest.mark.django_db(transaction=True)

User = get_user_model()
EXTRAS = [f"EXTRA-{n:02d}" for n in range(1, 25)]  # 24 more SKUs, one piece each: 28 rows to count


def more_on_the_cart(world):
    def make():
        category = world["variants"]["PURSE-RED"].product.category
        variants = []
        for sku in EXTRAS:
            product = product_create(
                slug=sku.lower(),
                name_zh=f"毡绣挂件 {sku[-2:]}",
                name_en=f"Felt charm {sku[-2:]}",
                category=category,
                variants=[VariantInput(sku=sku, price_fen=2000, artisan=world["artisan"])],
            )
            variants.append(product.variants.get())
        intake_create(
            artisan=world["artisan"],
            lines=[LineQuantity(variant, 1) for variant in variants],
            actor=world["keeper"],
            location=world["cart"].location,
        )

    on_server(make)


def levels(cart) -> dict[str, int]:
    return on_server(
        lambda: dict(
            StockLevel.objects.filter(location=cart.location).values_list("variant__sku", "quantity")
        )
    )


def count_lines(cart) -> list[list[tuple[str, int, int]]]:
    return on_server(
        lambda: [
            sorted(count.lines.values_list("variant__sku", "expected", "counted"))
            for count in StockCount.objects.filter(location=cart.location).order_by("pk")
        ]
    )


def test_a_count_counts_what_she_filled_in_and_marks_the_row_in_error(
    live_server, pos_world, chromium, screenshot_dir
):
    cart = pos_world["cart"]
    more_on_the_cart(pos_world)
    books = levels(cart)
    context = chromium()
    page = context.new_page()
    sign_in_and_open_shift(page, live_server.url)
    page.click("[data-testid=tab-count]")
    expect(page.locator("[data-testid=count-progress]")).to_have_text("已数 0 / 28 行")

    # Nothing filled in: the message stands beside the button, on the screen.
    page.click("[data-testid=submit-count]")
    message = page.locator("[data-testid=count-message]")
    expect(message).to_have_text("至少数一行再提交")
    expect(message).to_be_in_viewport()

    # The last row (below the screen) holds 2.5: it is scrolled to, marked, its message beside it.
    page.fill("[data-testid=counted-PURSE-RED]", "9")
    page.fill("[data-testid=counted-SCARF-BLUE]", "2.5")
    page.evaluate("window.scrollTo(0, 0); document.querySelector('#screen').scrollTop = 0")
    page.click("[data-testid=submit-count]")
    row = page.locator("tr[data-sku=SCARF-BLUE]")
    expect(row).to_have_class("row-error")
    expect(page.locator("[data-testid=count-error-SCARF-BLUE]")).to_have_text("请填 0 或正整数")
    expect(page.locator("[data-testid=count-error-SCARF-BLUE]")).to_be_in_viewport()
    expect(page.locator("[data-testid=counted-SCARF-BLUE]")).to_be_focused()
    expect(page.locator("[data-testid=counted-SCARF-BLUE]")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("tr.row-error")).to_have_count(1)
    page.screenshot(path=f"{screenshot_dir}/count-error-row-1024x768.png")
    page.set_viewport_size({"width": 390, "height": 844})
    row.evaluate("row => row.scrollIntoView({block: 'center'})")  # as the app does
    page.screenshot(path=f"{screenshot_dir}/count-error-row-390x844.png")
    page.set_viewport_size({"width": 1024, "height": 768})
    assert count_lines(cart) == []

    # Put right: the row is no longer marked; the blank rows are not part of the count.
    page.fill("[data-testid=counted-SCARF-BLUE]", "10")
    expect(page.locator("tr.row-error")).to_have_count(0)
    expect(page.locator("[data-testid=count-progress]")).to_have_text("已数 2 / 28 行")
    page.click("[data-testid=submit-count]")
    expect(page.locator("[data-testid=variance] h2")).to_have_text("差异: -1")
    assert count_lines(cart) == [[("PURSE-RED", 10, 9), ("SCARF-BLUE", 10, 10)]]
    assert levels(cart) == {**books, "PURSE-RED": 9}

    # A second count: one row counted, then "mark the rest as 0" fills every blank row with 0.
    page.click("[data-testid=tab-sell]")
    page.click("[data-testid=tab-count]")
    page.fill("[data-testid=counted-EXTRA-01]", "1")
    page.click("[data-testid=rest-zero]")
    expect(page.locator("[data-testid=counted-SALT-HORSE]")).to_have_value("0")
    expect(page.locator("[data-testid=counted-EXTRA-01]")).to_have_value("1")
    expect(page.locator("[data-testid=count-progress]")).to_have_text("已数 28 / 28 行")
    page.click("[data-testid=submit-count]")
    expect(page.locator("[data-testid=variance] h2")).to_have_text("差异: -62")  # 23 + 10 + 9 + 10 + 10
    second = count_lines(cart)[1]
    assert len(second) == 28
    assert second[:2] == [("EXTRA-01", 1, 1), ("EXTRA-02", 1, 0)]
    assert second[-4:] == [
        ("FELT-SHEEP", 10, 0),
        ("PURSE-RED", 9, 0),
        ("SALT-HORSE", 10, 0),
        ("SCARF-BLUE", 10, 0),
    ]
    assert levels(cart) == {sku: (1 if sku == "EXTRA-01" else 0) for sku in books}


def test_the_admin_count_reads_blank_alike_and_marks_the_row_in_error(
    live_server, pos_world, chromium, screenshot_dir
):
    cart = pos_world["cart"]
    more_on_the_cart(pos_world)
    books = levels(cart)
    on_server(lambda: User.objects.create_superuser("counter", password="gongfang-count-2026"))
    context = chromium()
    page = context.new_page()
    page.goto(f"{live_server.url}{reverse('admin:login')}")
    page.fill("#id_username", "counter")
    page.fill("#id_password", "gongfang-count-2026")
    page.click("input[type=submit]")
    page.goto(f"{live_server.url}{reverse('admin:inventory_stockcount_add')}?location={cart.location.pk}")

    # A count of 28 rows: the last one holds −1; the page comes back at that row, marked, its message
    # beside its field.
    # The rows are what the cart holds, by SKU.
    counted = {sku: index for index, sku in enumerate(sorted(books))}
    assert (
        page.locator("#id_lines-27-variant option[selected]").text_content() == "SCARF-BLUE 哈达围巾（乌仁）"
    )
    page.fill(f"#id_lines-{counted['PURSE-RED']}-counted", "9")
    page.fill(f"#id_lines-{counted['SCARF-BLUE']}-counted", "-1")
    page.click("input[value=提交盘点]")
    error = page.locator(f"#id_lines-{counted['SCARF-BLUE']}-counted_error")
    expect(error).to_have_text("确保该值大于或等于0。")
    expect(error).to_be_in_viewport()
    expect(page.locator(f"#id_lines-{counted['SCARF-BLUE']}-counted")).to_be_focused()
    expect(page.locator("tr.form-row.errors")).to_have_count(1)
    page.screenshot(path=f"{screenshot_dir}/admin-count-error-row-1024x768.png")
    assert count_lines(cart) == []

    # Put right, then "mark the rest as 0": the blank rows show 0, nothing is counted yet.
    page.fill(f"#id_lines-{counted['SCARF-BLUE']}-counted", "10")
    page.click("input[value='把其余记为 0']")
    expect(page.locator(".messagelist")).to_have_text("其余 26 行已记为 0，核对后再提交。")
    expect(page.locator(f"#id_lines-{counted['SALT-HORSE']}-counted")).to_have_value("0")
    expect(page.locator(f"#id_lines-{counted['PURSE-RED']}-counted")).to_have_value("9")
    expect(page.locator("#id_lines-28-counted")).to_have_value("")  # a spare row with no SKU
    assert count_lines(cart) == []

    page.click("input[value=提交盘点]")
    expect(page.locator(".messagelist")).to_contain_text("差异 -45 件")  # 24 + 10 + 1 + 10
    [lines] = count_lines(cart)
    assert len(lines) == 28
    assert lines[-4:] == [
        ("FELT-SHEEP", 10, 0),
        ("PURSE-RED", 10, 9),
        ("SALT-HORSE", 10, 0),
        ("SCARF-BLUE", 10, 10),
    ]
    assert levels(cart) == {sku: {"PURSE-RED": 9, "SCARF-BLUE": 10}.get(sku, 0) for sku in books}


def test_a_count_made_offline_is_queued_against_the_tablets_figures_and_sent_once_after_the_sales(
    live_server, pos_world, chromium
):
    cart = pos_world["cart"]
    context = chromium()
    page = context.new_page()
    sign_in_and_open_shift(page, live_server.url)
    context.set_offline(True)
    sell(page, "SCARF-BLUE", "WECHAT")
    waiting(page, 1)

    # The rows and their books are the tablet's: the scarf it sold is already out of them.
    page.click("[data-testid=tab-count]")
    expect(page.locator("[data-testid=count-offline]")).to_be_visible()
    expect(page.locator("[data-testid=count-progress]")).to_have_text("已数 0 / 4 行")
    expect(page.locator("tr[data-sku=SCARF-BLUE] td.num")).to_have_text("9")
    page.click("[data-testid=submit-count]")
    expect(page.locator("[data-testid=count-message]")).to_have_text("至少数一行再提交")
    waiting(page, 1)

    page.fill("[data-testid=counted-SCARF-BLUE]", "8")
    page.fill("[data-testid=counted-PURSE-RED]", "10")
    page.click("[data-testid=submit-count]")
    expect(page.locator("[data-testid=variance] h2")).to_have_text("差异: -1")
    waiting(page, 2)
    page.click("[data-testid=tab-sell]")
    page.click("[data-testid=tab-count]")
    expect(page.locator("[data-testid=count-state]")).to_have_attribute("data-state", "queued")
    assert count_lines(cart) == []

    # Online: after the sale, against books that hold it; sent again, still one count.
    context.set_offline(False)
    waiting(page, 0)
    assert count_lines(cart) == [[("PURSE-RED", 10, 10), ("SCARF-BLUE", 9, 8)]]
    page.click("[data-testid=sync-now]")
    waiting(page, 0)
    assert count_lines(cart) == [[("PURSE-RED", 10, 10), ("SCARF-BLUE", 9, 8)]]
    assert levels(cart) == {"PURSE-RED": 10, "SCARF-BLUE": 8, "FELT-SHEEP": 10, "SALT-HORSE": 10}
    page.click("[data-testid=tab-sell]")
    page.click("[data-testid=tab-count]")
    expect(page.locator("[data-testid=count-state]")).to_have_attribute("data-state", "synced")
