"""The SYNTHETIC command-centre demo: the shape of Jinjiang's exports and its overseas network.

Every exporter, association, buyer and event here is invented and named "(demo)"; the
e-mail domains are the reserved ``.example``. Only the two city totals are published
figures (DESIGN.md: exports of 75 billion yuan in 2024, up 6.47%); the splits by industry,
destination, month and trade mode are plausible illustrations, not statistics. HS codes are
real HS 2022 subheadings.
"""

from __future__ import annotations

from decimal import Decimal

TOTAL_2024 = Decimal("75000000000.00")  # CNY, published
GROWTH_2024 = Decimal("0.0647")  # on 2023, published
TOTAL_2023 = (TOTAL_2024 / (1 + GROWTH_2024)).quantize(Decimal("0.01"))
SEED = 20240101
DATASET = "jinjiang-demo-2023-2024"

# industry: (share of 2023 and 2024 in permille, HS codes with their unit value in CNY and unit)
INDUSTRIES: dict[str, tuple[tuple[int, int], tuple[tuple[str, str, str], ...]]] = {
    "footwear_sportswear": ((430, 420), (
        ("6404.11", "62", "pairs"), ("6402.99", "36", "pairs"), ("6403.99", "115", "pairs"),
        ("6402.20", "9", "pairs"), ("6404.19", "40", "pairs"), ("6112.12", "80", "pieces"))),
    "apparel": ((205, 200), (
        ("6110.30", "46", "pieces"), ("6109.10", "15", "pieces"), ("6104.63", "22", "pieces"),
        ("6203.43", "60", "pieces"), ("6505.00", "9", "pieces"))),
    "umbrellas": ((85, 90), (
        ("6601.99", "30", "pieces"), ("6601.91", "22", "pieces"), ("6601.10", "160", "pieces"),
        ("6603.20", "10", "pieces"))),
    "bags": ((88, 90), (
        ("4202.92", "45", "pieces"), ("4202.12", "130", "pieces"), ("4202.22", "38", "pieces"),
        ("4202.32", "11", "pieces"))),
    "ceramics": ((85, 80), (
        ("6912.00", "30", "pieces"), ("6911.10", "85", "pieces"), ("6907.21", "64", "pieces"),
        ("6913.90", "45", "pieces"))),
    "hygiene": ((62, 70), (
        ("9619.00", "35", "pieces"), ("4818.20", "3", "pieces"), ("4818.10", "11", "pieces"))),
    "snacks": ((45, 50), (
        ("1905.90", "26", "kg"), ("1905.31", "42", "kg"), ("1905.32", "36", "kg"),
        ("1704.90", "30", "kg"), ("2008.19", "60", "kg"))),
}  # fmt: skip

# destination: weight in 2023 and 2024 (permille, before normalising)
DESTINATIONS: dict[str, tuple[int, int]] = {
    "US": (205, 180), "CA": (22, 22), "MX": (28, 33), "BR": (25, 31), "CL": (14, 16),
    "CO": (10, 12), "PE": (8, 9), "AR": (6, 7),
    "DE": (48, 46), "NL": (26, 26), "FR": (25, 24), "IT": (21, 21), "ES": (21, 22),
    "PL": (14, 16), "BE": (10, 10), "CZ": (6, 7), "SE": (5, 5), "PT": (5, 5), "GR": (4, 4),
    "HU": (4, 5), "RO": (4, 5), "AT": (4, 4), "IE": (3, 3), "DK": (3, 3),
    "GB": (32, 31), "RU": (30, 34), "TR": (10, 11), "UA": (4, 4), "CH": (4, 4),
    "PH": (30, 37), "MY": (28, 32), "TH": (25, 28), "VN": (28, 33), "ID": (25, 31),
    "SG": (15, 16), "KH": (6, 7), "MM": (5, 5),
    "JP": (50, 45), "KR": (30, 29), "HK": (15, 14),
    "IN": (12, 13), "PK": (5, 6), "BD": (5, 6),
    "AE": (30, 35), "SA": (28, 34), "IL": (6, 6), "QA": (5, 6), "KW": (4, 5), "IQ": (6, 7),
    "JO": (3, 3),
    "NG": (18, 23), "ZA": (17, 19), "KE": (8, 10), "EG": (9, 10), "GH": (6, 7), "TZ": (4, 5),
    "MA": (5, 6), "ET": (4, 5), "DZ": (4, 4), "CI": (3, 4),
    "AU": (28, 27), "NZ": (5, 5),
}  # fmt: skip

CROSS_BORDER_HEAVY = frozenset({"PH", "MY", "TH", "VN", "ID", "SG", "AE", "SA", "MX", "BR"})
WAREHOUSE_MARKETS = frozenset({"US", "DE", "GB", "FR", "JP", "AU", "PL", "ES", "IT", "NL"})
# month seasonality, permille (Chinese New Year dips February)
SEASONALITY = (85, 55, 80, 82, 84, 83, 85, 88, 88, 86, 93, 91)

# exporter (English name), industry, size weight, growth 2024 on 2023 in percent points
EXPORTERS: tuple[tuple[str, str, int, int], ...] = (
    ("Dongshi Rainbow Umbrella Co. (demo)", "umbrellas", 60, 9),
    ("Chendai Stride Footwear (demo)", "footwear_sportswear", 80, 2),
    ("Xibin Peak Sports Shoes (demo)", "footwear_sportswear", 90, 12),
    ("Yinglin Motion Sportswear (demo)", "apparel", 70, 15),
    ("Jinjiang Voyager Bags (demo)", "bags", 55, 6),
    ("Cizao Blue Kiln Ceramics (demo)", "ceramics", 50, -4),
    ("Anhai Soft-Care Hygiene (demo)", "hygiene", 60, 14),
    ("Jinjiang Golden Crisp Foods (demo)", "snacks", 45, 10),
    ("Chendai Hengsheng Shoes (demo)", "footwear_sportswear", 100, -3),
    ("Chendai Fleetfoot Sneakers (demo)", "footwear_sportswear", 70, 8),
    ("Jinjiang Summit Athletic (demo)", "footwear_sportswear", 110, 5),
    ("Xibin Trailhead Outdoor Shoes (demo)", "footwear_sportswear", 45, 18),
    ("Luoshan Kids Footwear (demo)", "footwear_sportswear", 35, -7),
    ("Anhai Everstep Sandals (demo)", "footwear_sportswear", 40, 4),
    ("Jinjiang Sprint Sportswear (demo)", "footwear_sportswear", 65, 11),
    ("Chendai Goldsole Leather Shoes (demo)", "footwear_sportswear", 30, -9),
    ("Yinglin Seaside Garments (demo)", "apparel", 60, 3),
    ("Shenhu Knitwear (demo)", "apparel", 45, -2),
    ("Longhu Cotton Tees (demo)", "apparel", 40, 7),
    ("Jinjiang Urban Denim (demo)", "apparel", 35, -6),
    ("Yinglin Cap & Hat Works (demo)", "apparel", 20, 13),
    ("Dongshi Skyline Parasols (demo)", "umbrellas", 35, 4),
    ("Dongshi Windproof Umbrella Works (demo)", "umbrellas", 30, 16),
    ("Dongshi Sunny Day Umbrellas (demo)", "umbrellas", 20, -5),
    ("Qingyang Traveller Luggage (demo)", "bags", 40, 9),
    ("Jinjiang Metro Backpacks (demo)", "bags", 35, 3),
    ("Xintang Leather Goods (demo)", "bags", 20, -8),
    ("Cizao Stoneware Studio (demo)", "ceramics", 40, 2),
    ("Cizao Porcelain Tiles (demo)", "ceramics", 45, -11),
    ("Cizao Teaware Workshop (demo)", "ceramics", 20, 6),
    ("Anhai Tender Baby Care (demo)", "hygiene", 45, 17),
    ("Jinjiang Soft Tissue Paper (demo)", "hygiene", 35, 5),
    ("Neikeng Crunchy Snacks (demo)", "snacks", 35, 12),
    ("Jinjiang Seaside Confectionery (demo)", "snacks", 25, 3),
    ("Jinjiang Nutty Roasters (demo)", "snacks", 20, 19),
    ("Yonghe Cycle Apparel (demo)", "apparel", 25, 10),
    ("Zimao Ceramic Sanitary (demo)", "ceramics", 25, 1),
    ("Jinjiang Polar Outerwear (demo)", "apparel", 30, 8),
    ("Chendai Cloudwalk Insoles (demo)", "footwear_sportswear", 25, 6),
    ("Jinjiang Harbour Trading (demo)", "bags", 30, 0),
)  # fmt: skip

# English name, Chinese name, country, city, contact
ASSOCIATIONS: tuple[tuple[str, str, str, str, str], ...] = (
    ("Jinjiang Chamber of Commerce in the USA (demo)", "美国晋江商会（演示）", "US", "Los Angeles", "David Lin"),
    ("Jinjiang Business Association Germany (demo)", "德国晋江商会（演示）", "DE", "Frankfurt", "Chen Wei"),
    ("Jinjiang Association of the United Kingdom (demo)", "英国晋江同乡会（演示）", "GB", "London", "Grace Hong"),
    ("Jinjiang Chamber of Commerce in Italy (demo)", "意大利晋江商会（演示）", "IT", "Milan", "Marco Shi"),
    ("Jinjiang Chamber of Commerce in the Philippines (demo)", "菲律宾晋江商会（演示）", "PH", "Manila", "Henry Sy-Tan"),
    ("Malaysia Jinjiang Association (demo)", "马来西亚晋江社团（演示）", "MY", "Kuala Lumpur", "Tan Mei Ling"),
    ("Indonesia Jinjiang Business Council (demo)", "印尼晋江商会（演示）", "ID", "Jakarta", "Budi Hartono"),
    ("Thailand Jinjiang Chamber (demo)", "泰国晋江商会（演示）", "TH", "Bangkok", "Somchai Lim"),
    ("Vietnam Jinjiang Traders' Club (demo)", "越南晋江商友会（演示）", "VN", "Ho Chi Minh City", "Nguyen Van Hoa"),
    ("UAE Jinjiang Business Association (demo)", "阿联酋晋江商会（演示）", "AE", "Dubai", "Omar Zhang"),
    ("Saudi Jinjiang Traders' Association (demo)", "沙特晋江商会（演示）", "SA", "Jeddah", "Ali Wu"),
    ("Brazil Jinjiang Chamber (demo)", "巴西晋江商会（演示）", "BR", "São Paulo", "Paulo Xu"),
    ("Mexico Jinjiang Association (demo)", "墨西哥晋江商会（演示）", "MX", "Mexico City", "Laura Cai"),
    ("Nigeria Jinjiang Business Forum (demo)", "尼日利亚晋江商会（演示）", "NG", "Lagos", "Emeka Huang"),
    ("South Africa Jinjiang Chamber (demo)", "南非晋江商会（演示）", "ZA", "Johannesburg", "Thabo Guo"),
)  # fmt: skip

# organisation, country, city, HS categories, yearly volume (units)
BUYERS: tuple[tuple[str, str, str, str, int], ...] = (
    ("Rainway Retail Inc. (demo)", "US", "Chicago", "6601", 60_000),
    ("Stridewell Stores (demo)", "US", "Dallas", "6404,6402", 150_000),
    ("Pacific Kicks LLC (demo)", "US", "Los Angeles", "6404", 80_000),
    ("Trailmark Outfitters (demo)", "CA", "Toronto", "6404,6112", 30_000),
    ("Regenschirm Handel GmbH (demo)", "DE", "Hamburg", "6601", 20_000),
    ("Laufwerk Sport GmbH (demo)", "DE", "Munich", "6404,6112", 45_000),
    ("Keramikhaus Berlin (demo)", "DE", "Berlin", "6912,6911", 25_000),
    ("Maison Parapluie SARL (demo)", "FR", "Lyon", "6601", 15_000),
    ("Bagagerie Nord (demo)", "FR", "Lille", "4202", 18_000),
    ("Passo Leggero Srl (demo)", "IT", "Milan", "6403,6402", 35_000),
    ("Casa Ombrello SL (demo)", "ES", "Valencia", "6601", 12_000),
    ("Sklep Sportowy Sp. z o.o. (demo)", "PL", "Warsaw", "6404,6110", 40_000),
    ("Brolly & Co. Ltd (demo)", "GB", "Manchester", "6601", 25_000),
    ("Northfield Apparel Ltd (demo)", "GB", "Leeds", "6109,6110", 70_000),
    ("Manila Footwear Mart (demo)", "PH", "Manila", "6402,6404", 120_000),
    ("Cebu Baby Essentials (demo)", "PH", "Cebu", "9619", 400_000),
    ("Luzon Snack Distributors (demo)", "PH", "Quezon City", "1905,1704", 90_000),
    ("KL Active Wear Sdn Bhd (demo)", "MY", "Kuala Lumpur", "6110,6112", 55_000),
    ("Penang Umbrella Trading (demo)", "MY", "George Town", "6601", 30_000),
    ("Jakarta Bag Centre (demo)", "ID", "Jakarta", "4202", 50_000),
    ("Surabaya Tissue Supply (demo)", "ID", "Surabaya", "4818,9619", 600_000),
    ("Bangkok Sneaker House (demo)", "TH", "Bangkok", "6404", 45_000),
    ("Saigon Fashion Hub (demo)", "VN", "Ho Chi Minh City", "6109,6104", 80_000),
    ("Lion City Homeware (demo)", "SG", "Singapore", "6912", 10_000),
    ("Tokyo Rain Goods KK (demo)", "JP", "Tokyo", "6601", 40_000),
    ("Osaka Sports Trading KK (demo)", "JP", "Osaka", "6404,6112", 60_000),
    ("Seoul Bag Select (demo)", "KR", "Seoul", "4202", 20_000),
    ("Gulf Shoe Traders LLC (demo)", "AE", "Dubai", "6402,6403,6404", 200_000),
    ("Desert Shade Trading (demo)", "AE", "Abu Dhabi", "6601", 35_000),
    ("Riyadh Family Care Co. (demo)", "SA", "Riyadh", "9619,4818", 500_000),
    ("Jeddah Sportswear Est. (demo)", "SA", "Jeddah", "6112,6110", 40_000),
    ("Doha Ceramics House (demo)", "QA", "Doha", "6907,6912", 30_000),
    ("Lagos Footwear Wholesale (demo)", "NG", "Lagos", "6402", 250_000),
    ("Abuja Sweet Foods Ltd (demo)", "NG", "Abuja", "1905,1704", 120_000),
    ("Cape Umbrella Imports (demo)", "ZA", "Cape Town", "6601", 25_000),
    ("Jo'burg Active Retail (demo)", "ZA", "Johannesburg", "6404,6112", 50_000),
    ("Nairobi Household Supplies (demo)", "KE", "Nairobi", "4818,9619", 300_000),
    ("São Paulo Calçados Ltda (demo)", "BR", "São Paulo", "6402,6404", 180_000),
    ("Guadalajara Moda SA (demo)", "MX", "Guadalajara", "6109,6110", 90_000),
    ("Sydney Outdoor Supply (demo)", "AU", "Sydney", "6601,4202", 22_000),
)  # fmt: skip

# kind, title, Chinese title, first day, last day, country, city
EVENTS: tuple[tuple[str, str, str, str, str, str, str], ...] = (
    ("buyer_visit", "2025 Canton Fair buyer visit", "2025年广交会采购商晋江行", "2025-04-20", "2025-04-22", "CN", "Jinjiang"),
    ("seminar", "Selling on TikTok Shop in Southeast Asia", "东南亚TikTok Shop运营讲座", "2025-05-15", "2025-05-15", "CN", "Jinjiang"),
    ("buyer_visit", "Middle East buyers' week", "中东采购商周", "2025-06-10", "2025-06-12", "CN", "Jinjiang"),
    ("seminar", "EU low-value parcels and the EUR 3 duty", "欧盟低价值包裹与3欧元关税讲座", "2025-09-18", "2025-09-18", "CN", "Jinjiang"),
    ("online_matchmaking", "Latin America online matchmaking", "拉美线上对接会", "2025-10-09", "2025-10-09", "CN", "online"),
    ("trade_fair", "Jinjiang footwear expo buyer programme", "晋江鞋博会采购商项目", "2025-11-21", "2025-11-24", "CN", "Jinjiang"),
    ("buyer_visit", "Africa zero-tariff sourcing mission", "非洲零关税采购团", "2026-03-16", "2026-03-18", "CN", "Jinjiang"),
    ("buyer_visit", "2026 Canton Fair buyer visit", "2026年广交会采购商晋江行", "2026-04-22", "2026-04-24", "CN", "Jinjiang"),
    ("seminar", "US tariff update briefing", "美国关税动态解读会", "2026-05-12", "2026-05-12", "CN", "Jinjiang"),
    ("seminar", "Livestream selling to the Philippines", "面向菲律宾的直播带货培训", "2026-12-08", "2026-12-08", "CN", "Jinjiang"),
)  # fmt: skip

# demo firm index (services.demo_data.FIRMS): market, hours a week, platform
LIVESTREAMS: tuple[tuple[int, str, int, str], ...] = (
    (3, "PH", 12, "TikTok Shop"), (3, "MY", 6, "Shopee Live"), (2, "US", 8, "TikTok Shop"),
    (2, "AE", 4, "Noon"), (0, "DE", 4, "Amazon Live"), (0, "JP", 3, "Rakuten"),
    (6, "ID", 3, "TikTok Shop"),
)  # fmt: skip
LIVESTREAM_WEEKS = ("2026-11-16", "2026-11-23", "2026-11-30")  # the last one is only planned
DEMO_DAY = "2026-11-27"  # the demo's "as recorded on" date for matches and registrations
