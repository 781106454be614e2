"""The front page's small chart, drawn here as SVG coordinates (no script, no library): one row per
cart, a bar for the week's net sales so far and, inside it, the part sold today."""

from core.money import format_fen

WIDTH = 640
LABEL_W = 150
VALUE_W = 190
ROW_H = 30
BAR_H = 16


def sales_chart(sales) -> dict:
    rows = list(sales)
    plot_w = WIDTH - LABEL_W - VALUE_W
    highest = max([row.week_fen for row in rows] + [row.today_fen for row in rows] + [1])
    bars = []
    for n, row in enumerate(rows):
        y = n * ROW_H + (ROW_H - BAR_H) // 2
        week_w = round(plot_w * max(row.week_fen, 0) / highest, 1)
        today_w = round(plot_w * max(row.today_fen, 0) / highest, 1)
        bars.append(
            {
                "label": row.label,
                "y": y,
                "text_y": y + BAR_H - 3,
                "week_w": week_w,
                "today_w": today_w,
                "week": format_fen(row.week_fen),
                "today": format_fen(row.today_fen),
            }
        )
    return {
        "width": WIDTH,
        "height": max(len(rows), 1) * ROW_H + 24,
        "legend_y": max(len(rows), 1) * ROW_H + 16,
        "plot_x": LABEL_W,
        "value_x": WIDTH - VALUE_W + 8,
        "bars": bars,
    }
