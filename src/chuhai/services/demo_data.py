"""The Jinjiang demo: SYNTHETIC firms, products and one user per role, for ``chuhai serve --demo``.

Every firm is invented: its English name ends in "(demo)", its Chinese name in "（演示）",
``is_demo`` is set, and its e-mail domain is the reserved ``.example``. The industries and
towns follow Jinjiang's real clusters (Dongshi umbrellas, Chendai shoes, Cizao ceramics...);
the HS codes are real HS 2022 subheadings; costs (CNY), weights and sizes are plausible
illustrations, not any firm's figures. Loading twice adds nothing; each load gives the demo
users fresh random passwords, which the caller prints.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from chuhai.services.accounts import hash_password
from chuhai.services.firms import parse_firm
from chuhai.services.ports import UnitOfWork
from chuhai.services.products import COLUMNS, parse_product
from chuhai.services.records import Role, UserData

# name, name_zh, town, industry
FIRMS: tuple[tuple[str, str, str, str], ...] = (
    ("Dongshi Rainbow Umbrella Co. (demo)", "东石彩虹伞业（演示）", "Dongshi", "umbrellas"),
    ("Chendai Stride Footwear (demo)", "陈埭步履鞋业（演示）", "Chendai", "footwear"),
    ("Xibin Peak Sports Shoes (demo)", "西滨峰锐运动鞋（演示）", "Xibin", "footwear"),
    ("Yinglin Motion Sportswear (demo)", "英林动感运动服饰（演示）", "Yinglin", "sportswear"),
    ("Jinjiang Voyager Bags (demo)", "晋江远航箱包（演示）", "Qingyang", "bags"),
    ("Cizao Blue Kiln Ceramics (demo)", "磁灶青窑陶瓷（演示）", "Cizao", "ceramics"),
    ("Anhai Soft-Care Hygiene (demo)", "安海柔护卫生用品（演示）", "Anhai", "hygiene"),
    ("Jinjiang Golden Crisp Foods (demo)", "晋江金脆食品（演示）", "Neikeng", "snacks"),
)

# fmt: off
# firm index: sku, name, name_zh, hs_code, unit_cost (CNY), weight g, length, width, height mm
PRODUCTS: dict[int, tuple[tuple[str, ...], ...]] = {
    0: (
        ("UMB-S90", "Stick umbrella 90 cm, fibreglass ribs", "直柄伞 90厘米 玻纤骨", "6601.99", "38.50", "550", "900", "80", "80"),
        ("UMB-F3", "Three-fold compact umbrella", "三折晴雨伞", "6601.91", "24.00", "320", "280", "60", "60"),
        ("UMB-G130", "Golf umbrella 130 cm, double canopy", "高尔夫伞 130厘米 双层", "6601.99", "56.00", "820", "1000", "90", "90"),
        ("UMB-PAT", "Garden parasol 2.7 m", "庭院遮阳伞 2.7米", "6601.10", "168.00", "6500", "2400", "150", "150"),
        ("UMB-FRM", "Umbrella frame, 8 ribs (spare part)", "伞骨架 8骨（配件）", "6603.20", "9.80", "210", "600", "40", "40"),
    ),
    1: (
        ("CD-RUN-01", "Running shoe, mesh upper", "网面跑步鞋", "6404.11", "62.00", "620", "330", "220", "120"),
        ("CD-CAS-02", "Casual sneaker, PU upper", "PU休闲板鞋", "6402.99", "48.00", "700", "330", "220", "120"),
        ("CD-LTH-03", "Leather loafer", "真皮乐福鞋", "6403.99", "115.00", "760", "320", "210", "110"),
        ("CD-FLP-04", "EVA flip-flops", "EVA人字拖", "6402.20", "8.50", "180", "290", "110", "40"),
        ("CD-KID-05", "Children's sandals", "儿童凉鞋", "6402.99", "21.00", "260", "220", "150", "80"),
    ),
    2: (
        ("XB-BB-10", "Basketball shoe, high-top", "高帮篮球鞋", "6404.11", "95.00", "880", "350", "230", "140"),
        ("XB-TR-11", "Trail running shoe", "越野跑鞋", "6404.11", "88.00", "690", "340", "225", "125"),
        ("XB-SL-12", "Slide sandal", "一字拖", "6402.99", "12.00", "240", "300", "120", "50"),
        ("XB-WK-13", "Walking shoe, knit upper", "飞织健步鞋", "6404.11", "55.00", "540", "320", "215", "115"),
        ("XB-SK-14", "Skate shoe, canvas", "帆布滑板鞋", "6404.19", "36.00", "610", "320", "215", "115"),
    ),
    3: (
        ("YL-HD-20", "Hoodie, polyester fleece", "涤纶抓绒连帽卫衣", "6110.30", "46.00", "480", "350", "300", "50"),
        ("YL-TS-21", "T-shirt, 100% cotton", "纯棉T恤", "6109.10", "14.50", "180", "300", "250", "20"),
        ("YL-TK-22", "Track suit, synthetic", "运动套装 涤纶", "6112.12", "78.00", "650", "380", "300", "60"),
        ("YL-LG-23", "Women's leggings, knitted", "女士针织紧身裤", "6104.63", "22.00", "200", "300", "220", "30"),
        ("YL-CP-24", "Sports cap, knitted", "针织运动帽", "6505.00", "9.00", "90", "250", "180", "120"),
    ),
    4: (
        ("VG-BP-30", "Laptop backpack, polyester", "涤纶电脑双肩包", "4202.92", "42.00", "850", "460", "320", "160"),
        ("VG-TR-31", "Cabin trolley case 20 inch", "20寸登机拉杆箱", "4202.12", "135.00", "3200", "550", "380", "230"),
        ("VG-HB-32", "Handbag, PU", "PU手提包", "4202.22", "38.00", "520", "320", "120", "250"),
        ("VG-WL-33", "Wallet, nylon", "尼龙钱包", "4202.32", "11.00", "80", "120", "95", "20"),
        ("VG-DF-34", "Duffel bag, leather trim", "皮边旅行包", "4202.91", "98.00", "1100", "550", "280", "280"),
    ),
    5: (
        ("CZ-BW-40", "Stoneware bowl set (4)", "粗陶碗套装（4只）", "6912.00", "32.00", "1600", "200", "200", "120"),
        ("CZ-TS-41", "Porcelain tea set (7 pieces)", "骨瓷茶具（7件）", "6911.10", "88.00", "2100", "350", "260", "150"),
        ("CZ-TL-42", "Glazed wall tile 300x600, box of 8", "釉面墙砖 300x600（8片装）", "6907.21", "64.00", "18000", "610", "310", "80"),
        ("CZ-VS-43", "Decorative vase", "装饰花瓶", "6913.90", "45.00", "900", "180", "180", "300"),
        ("CZ-MG-44", "Stoneware mug", "粗陶马克杯", "6912.00", "7.50", "350", "120", "90", "100"),
    ),
    6: (
        ("AH-DP-50", "Baby diapers size M, pack of 50", "婴儿纸尿裤 M码（50片）", "9619.00", "39.00", "1400", "380", "250", "180"),
        ("AH-SP-51", "Sanitary pads, pack of 10", "卫生巾（10片）", "9619.00", "6.20", "120", "200", "100", "60"),
        ("AH-TS-52", "Facial tissues, 3-ply, box", "三层面巾纸（盒装）", "4818.20", "3.10", "260", "220", "115", "90"),
        ("AH-TP-53", "Toilet paper, 10 rolls", "卫生卷纸（10卷）", "4818.10", "11.50", "1300", "400", "210", "110"),
        ("AH-AD-54", "Adult incontinence pads, pack of 20", "成人失禁护垫（20片）", "9619.00", "28.00", "900", "300", "200", "150"),
    ),
    7: (
        ("GC-CK-60", "Seaweed rice crackers 200 g", "海苔米饼 200克", "1905.90", "8.60", "230", "220", "150", "60"),
        ("GC-BS-61", "Butter cookies tin 400 g", "黄油曲奇铁罐 400克", "1905.31", "21.00", "560", "200", "200", "80"),
        ("GC-WF-62", "Chocolate wafers 300 g", "巧克力威化 300克", "1905.32", "12.40", "340", "250", "120", "70"),
        ("GC-CD-63", "Peanut brittle 250 g", "花生糖 250克", "1704.90", "9.90", "270", "180", "120", "40"),
        ("GC-NT-64", "Honey-roasted cashews 150 g", "蜂蜜烤腰果 150克", "2008.19", "16.80", "170", "160", "110", "50"),
    ),
}
# fmt: on

# role, e-mail, display name, firm index (enterprise users only)
USERS: tuple[tuple[Role, str, str, int | None], ...] = (
    (Role.ENTERPRISE, "owner@rainbow-umbrella.example", "陈先生 Mr Chen (demo)", 0),
    (Role.STAFF, "staff@service-centre.example", "服务中心 Service centre (demo)", None),
    (Role.ANALYST, "analyst@command-centre.example", "指挥中心 Command centre (demo)", None),
    (Role.ADMIN, "admin@chuhai.example", "管理员 Admin (demo)", None),
)


@dataclass(frozen=True)
class DemoLogin:
    role: Role
    email: str
    password: str


@dataclass(frozen=True)
class DemoLoad:
    firms_created: int
    products_created: int
    logins: list[DemoLogin]


def load_demo_data(uow: UnitOfWork) -> DemoLoad:
    """Add whatever of the demo is missing, in one transaction; reset the demo passwords."""
    with uow:
        firm_ids, firms_created = _firms(uow)
        products_created = _products(uow, firm_ids)
        logins = _users(uow, firm_ids)
        uow.commit()
    return DemoLoad(firms_created, products_created, logins)


def _firms(uow: UnitOfWork) -> tuple[list[int], int]:
    ids, created = [], 0
    for name, name_zh, town, industry in FIRMS:
        firm = uow.firms.get_by_name(name)
        if firm is None:
            values = {
                "name": name,
                "name_zh": name_zh,
                "city": f"Jinjiang ({town})",
                "industry": industry,
                "contact_email": f"sales@{town.lower()}-{industry}.example",
                "is_demo": True,
            }
            firm = uow.firms.add(parse_firm(values), actor=None)
            created += 1
        ids.append(firm.id)
    return ids, created


def _products(uow: UnitOfWork, firm_ids: list[int]) -> int:
    created = 0
    names = [c for c in COLUMNS if c not in ("description", "origin", "currency")]
    for index, rows in PRODUCTS.items():
        for row in rows:
            data = parse_product(dict(zip(names, row, strict=True)))
            if uow.products.get_by_sku(firm_ids[index], data.sku) is None:
                uow.products.add(firm_ids[index], data, actor=None)
                created += 1
    return created


def _users(uow: UnitOfWork, firm_ids: list[int]) -> list[DemoLogin]:
    logins = []
    for role, email, display_name, firm_index in USERS:
        password = secrets.token_urlsafe(12)
        user = uow.users.get_by_email(email)
        if user is None:
            firm_id = firm_ids[firm_index] if firm_index is not None else None
            data = UserData(email=email, display_name=display_name, role=role, firm_id=firm_id)
            uow.users.add(data, password_hash=hash_password(password), actor=None)
        else:
            uow.users.set_password_hash(user.id, hash_password(password), actor=None)
        logins.append(DemoLogin(role, email, password))
    return logins
