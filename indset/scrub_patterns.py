"""What the scrubber recognizes (:mod:`indset.scrub` applies it): regular expressions of phones, e-mails, ids,
accounts, addresses, plates, companies, customers, prices and people's names, the word lists they are built from,
and the literals that gate them (a pattern runs only on the texts holding one of its signs).

Data, not logic: each pattern says in its comment what it masks and what it must leave (the red team rounds and
reviews that added it); two recognizers that need more than one expression (international phones, customer
lists) are small functions here beside their patterns.
"""

from __future__ import annotations

import re

from indset.text import alternation

_COUNTRY = r"(?:(?:\+|00)86[\s-]?)"   # +86, 0086
_AREA = r"(?:10|2\d|[3-9]\d{2})"      # mainland area codes without their 0: 10, 2x, then three digits
# a local number of eight digits, whole or split 4-4, that is no date (20241101, 2024-0101: 20, a year, then no month
# 00 or 13-99 read as one): `批号 20241101 转 3`, `phone 2024-0101 model` name no phone
_LOCAL8 = r"(?:(?:[3-9]\d{3}|2[1-9]\d{2})[\s-]?\d{4}|20\d{2}[\s-]?(?:[2-9]\d|1[3-9]|00)\d{2})"
# a mobile with a space between every digit (red team B: `联系电话 1 3 8 5 7 4 1 2 3 6 8`), also in groups with dashes
# (`1 3 8-5 7 4 1-2 3 6 8`), after a phone label only (review: `数量 1 4 2 3 5 6 7 8 9 0 1` is a count; in
# :data:`PHONE_AFTER_LABEL`)
PHONE_SPACED = r"1 {1,2}[3-9](?:(?: {1,2}| ?- ?)\d){9}"
# mobiles: 13812345678, 138 1234 5678, 138-1234-5678, 138.1234.5678, 1381234 5678, (138)0013-8000, with +86/0086/86
# before them (digits grouped otherwise are other numbers: 克重 135.2 140.6 138.9)
PHONE = (r"(?:(?:\+|00)?86[\s-]?)?(?:1[3-9]\d(?:\d{8}|[\s./_—–-]\d{4}[\s./_—–-]\d{4}|[\s./_—–-]\d{8}"
         r"|\d{4}[\s./_—–-]\d{4}"
         r"|\d[\s./_—–-]\d{3}[\s./_—–-]\d{4}"   # 1385-741-2368 (4-3-4); em dashes, slashes, underscores
         r"|·\d{4}·\d{4})"   # 138·0013·8000
         r"|[(（]1[3-9]\d[)）][\s-]?\d{4}[\s.-]?\d{4})"   # (138)0013-8000, +86-(138)-0013-8000
         # landlines: 0571-88886666, (0571) 8888 6666, 0571-8888-6666, 0570-812-3456, +86 571 8888 6666, 86-571-...,
         # +86 (0)571 ...; the subscriber number whole or split 4-4 or 3-4 (an order number 0001-2345-6789 has no
         # area code)
         rf"|(?:{_COUNTRY}(?:[(（]0[)）]\s?)?{_AREA}[\s-]?|86-{_AREA}-|[(（]0{_AREA}[)）]\s?|0{_AREA}(?:\s?[—–-]\s?|\s)?)"
         r"(?:[2-9]\d{6,7}|[2-9]\d{3}[\s—–-]\d{4})(?:\s?(?:转|-|ext\.?|x)\s?\d{1,5})?"
         # a 7-digit number split 3-4 after a bracketed or dashed area code (0570-812-3456; not 规格 0571 800-1200)
         rf"|(?:[(（]0{_AREA}[)）]\s?|0{_AREA}-)[2-9]\d{{2}}[\s-]\d{{4}}"
         rf"|86[\s-]{_AREA}[\s-][2-9]\d{{3}}[\s-]\d{{4}}"   # a bare 86 before area and number in fours
         # a local number with its extension (8888 6666 转 8021); Hong Kong and Macau numbers (+852 9123 4567),
         # Taiwan mobiles (+886 912 345 678, 0912-345-678)
         rf"|{_LOCAL8}\s?转\s?\d{{1,5}}|(?:\+|00)85[23][\s-]?[2-9]\d{{3}}[\s-]?\d{{4}}"
         # without the plus: dashed throughout (852-9123-4567) or the code in brackets ((852) 9123 4567); not a
         # spec's `852-120`
         r"|85[23]-[2-9]\d{3}-\d{4}|[(（](?:\+|00)?85[23][)）][\s-]?[2-9]\d{3}[\s-]?\d{4}"
         r"|(?:\+|00)886[\s-]?9\d{2}[\s-]?\d{3}[\s-]?\d{3}|09\d{2}[\s-]\d{3}[\s-]\d{3}")
# an international number other than the mainland's, Hong Kong's or Taiwan's (red team B: `+1 (201) 555-0123`,
# `+81 3-1234-5678`, `+82 10-1234-5678`, `+44 20 7946 0958`; review: `Tel +442079460958`, `Tel: +49 (0)30 12345678`,
# `phone +33 1 23 45 67 89`), not a range or a tolerance (`+5 10-20℃`, `身高 +5 165-170cm`, `公差 +2 150-160mm`): a
# plus, then digit groups (a trunk `(0)` or an area code in brackets among them), read by :func:`intl_phones` on the
# rows holding a `+` and a digit
_INTL_CANDIDATE = re.compile(r"(?<![\d+])\+\d{1,3}(?:[\s.-]?(?:[(（]\d{1,4}[)）]|\d{1,12})){0,7}")
# the world's country codes (ITU E.164; prefix-free, so the first digits read as one code only)
_COUNTRY_CODE = re.compile(r"1|7|2[07]|3[0-469]|4[013-9]|5[1-8]|6[0-6]|8[1246]|9[0-58]|2[1-689]\d|3[578]\d|42\d"
                           r"|5[09]\d|6[7-9]\d|8[03578]\d|9[679]\d")
_PHONE_LABEL_BEFORE = re.compile(r"(?i:tel|phone|mobile|fax|whatsapp|电话|手机|座机|传真|联系)[^\d]{0,6}$")
_UNIT_AFTER = re.compile(r"\s*(?:[℃°%％度米寸kKgG]|(?i:mm|cm|m|kg|g|in|ft|min|h)(?![A-Za-z]))")


def intl_phones(text: str) -> str:
    """``text`` with each international number masked (:data:`_INTL_CANDIDATE`): a valid country code, then 8 to 12
    national digits (a trunk `(0)` not counted; 10 after +1 and +7; 7 too after a phone label); the longest such run
    of its digit groups, and none with a unit after it (`+33 1000-1500mm`)."""
    def sub(m: re.Match) -> str:
        labelled = bool(_PHONE_LABEL_BEFORE.search(text, 0, m.start()))
        groups = list(re.finditer(r"\d+", m[0]))
        for k in range(len(groups), 0, -1):
            end = groups[k - 1].end()
            digits = "".join(g[0] for g in groups[:k]
                             if not re.fullmatch(r"[(（]0[)）]", m[0][g.start() - 1:g.end() + 1]))   # a trunk (0)
            code = _COUNTRY_CODE.match(digits)
            if not code:
                return m[0]
            n = len(digits) - code.end()
            fits = n == 10 if code[0] in ("1", "7") else (7 if labelled else 8) <= n <= 12
            if fits and not _UNIT_AFTER.match(text, m.start() + end):
                return "[PHONE]" + m[0][end:]
        return m[0]

    return _INTL_CANDIDATE.sub(sub, text)


# after a phone label, a local number without its area code (电话 8888 6666) and a Taiwan mobile (手机 0912345678)
PHONE_WORDS = ["电话", "手机", "座机", "固话", "tel", "phone", "mobile"]   # one stands in every PHONE_AFTER_LABEL match
# (also after 手机号, 手机号码, 电话号码: red team round 14 B, `手机号码：1 3 8 5 7 4 1 2 3 6 8`)
# (and a mobile in groups of 3-4-4 with wider separators, red team round 15: `手机: 138 - 5741 - 2368`, `手机:138  5741
# 2368`; `138 5741 2368` and `138-5741-2368` are PHONE's anywhere, while a lone group of seven digits `138 5741` is
# no phone, label or not: a code's or a size's as often)
_MOBILE_GROUPED = r"1[3-9]\d(?: {1,3}| ?[—–./-] ?)\d{4}(?: {1,3}| ?[—–./-] ?)\d{4}"
PHONE_AFTER_LABEL = (r"((?:(?:电话|手机|座机|固话)(?:号码?)?|(?i:(?:^|[^a-z])(?:tel|phone|mobile)))\s*[:：]?\s*)"
                     rf"(?:{_LOCAL8}|[2-9]\d{{6}}|09\d{{8}}|{PHONE_SPACED}|{_MOBILE_GROUPED})(?:\s?(?:转|ext\.?|x)\s?\d{{1,5}})?($|[^\d])")
# a mobile split by stars or tildes (138*0013*8000, 138~0013~8000); not a size (150*1000*2000mm, 130*1500*2000*4)
PHONE_STARRED = r"(^|[^\d*~.])(1[3-9]\d(?:\*\d{4}\*|~\d{4}~)\d{4})($|[^\d*~.A-Za-z米毫厘])"
# a size is set apart (\x02 after its first star or tilde) before: a unit after it, a space between (`130*1500*2000
# mm`, `150~1500~3000 米`), or 规格, 尺寸, size before it (`规格：130*1500*2000`)
SIZE_STARRED = (r"(\d[*~])(\d{4}[*~]\d{4}\s*(?:(?i:mm|cm|dm|m|in|inch|inches|ft)(?:$|[^A-Za-z])|[米毫厘寸英\"″]))"
                r"|((?:规格|尺寸|(?i:size|dimensions?))[^\d\n]{0,4}\d{3}[*~])()")
# the build's own enterprises' ids (:func:`own_ids`): separators, in any number, that may stand between their characters
OWN_ID_SEP = r"[\s._·/—–-]{0,3}"
# a unified social credit code (an enterprise's id): masked wherever it appears with a valid check digit, in any
# case, also grouped 4-4-4-4-2 (9133 0109 MA2H 3K7T 46)
_U = "0-9A-HJ-NP-RTUWXYa-hj-np-rtuwxy"
# (also 91-330109-MA2H3K7T4-6, 91.330109.MA2H3K7T46, 91330109_MA2H3K7T46: separators [\s._-] between its parts)
USCC = (rf"[{_U}]{{2}}[\s._-]?\d{{6}}[\s._-]?[{_U}]{{8}}[\s._-]?[{_U}][\s._-]?[{_U}]"
        rf"|\d{{4}}[\s-]\d{{4}}[\s-][{_U}]{{4}}[\s-][{_U}]{{4}}[\s-][{_U}]{{2}}")
# also on Chinese domains (浙江化工.中国) and with a Chinese local part (张伟@企业.中国)
# (a space beside the @ and a full-width dot before a Latin ending too: `zhangwei@ 163.com`, `zhangwei@163。com`)
EMAIL = (r"(?:[A-Za-z0-9._%+-]+ ?|[\u4e00-\u9fff]{1,4})@ ?[A-Za-z0-9.\u4e00-\u9fff-]+"
         r"(?:\.(?:[A-Za-z]{2,}|[\u4e00-\u9fff]{2,})|[。．](?:com|cn|net|org|edu|gov|hk|tw|io|co|info|biz))")
# an address written so that a harvester misses it: qianduoduo[at]163.com, sunlili(at)qq.com, zhouxun.tex#163.com
# (also `name【at】163.com`, `name(at)163(dot)com`, `name [at] 163 [dot] com`)
_DOT_WORD = r"(?:\.|\s?[\[(（【]\s?(?:dot|DOT|Dot)\s?[\])）】]\s?)"
EMAIL_OBFUSCATED = (r"[A-Za-z0-9._%+-]+\s?(?:[\[(（【]\s?(?:at|AT|At)\s?[\])）】]|#)\s?[A-Za-z0-9-]+"
                    rf"(?:{_DOT_WORD}[A-Za-z0-9-]+)*{_DOT_WORD}(?:com|cn|net|org|edu|gov|hk|tw|io|co|info|biz)")
# one of them (any case) stands in every EMAIL_OBFUSCATED match
EMAIL_OBFUSCATED_SIGNS = ["at]", "at)", "at）", "at】", "#"]
# with its dot spelled out as a word: `zhangwei at 163 dot com` (` dot ` stands in every match)
EMAIL_SPELLED = (r"[A-Za-z0-9._%+-]+(?: (?:at|AT|At) |\s?[\[(（【]\s?(?:at|AT|At)\s?[\])）】]\s?)[A-Za-z0-9-]+"
                 r"(?: (?:dot|DOT|Dot) [A-Za-z0-9-]+)* (?:dot|DOT|Dot) (?:com|cn|net|org|edu|gov|hk|tw|io|co|info|biz)")
EMAIL_SPELLED_SIGNS = [" dot "]
# with only its `@` spelled out: `zhangwei at 163.com` (not a web address: `visit www.abc.com`; a domain ending stands
# in every match, one of EMAIL_AT_SIGNS)
# (also with Chinese 在 for its `@`, red team round 14 B: `zhangwei 在 163.com`)
EMAIL_AT = (r"[A-Za-z0-9._%+-]+(?: (?:at|AT|At) | ?在 ?)"
            r"(?:[A-VX-Za-vx-z0-9-]|[wW][A-VX-Za-vx-z0-9-]|[wW]{2}[A-VX-Za-vx-z0-9-]|[wW]{3}[A-Za-z0-9-])[A-Za-z0-9-]*(?:\.[A-Za-z0-9-]+)*\.(?:com|cn|net|org|edu|gov|hk|tw|io|co|info|biz)")
EMAIL_AT_SIGNS = [".co", ".cn", ".net", ".org", ".edu", ".gov", ".hk", ".tw", ".io", ".info", ".biz"]
# without its domain ending, a known mail provider after ` at `, `[at]` or `@` (red team round 15: `zhangwei at gmail`,
# `12345678 at qq`, `lina at 163`; `made at factory` stays): the provider ends the word, a numeric one (163, 126, ...)
# only before the end, a punctuation mark or Chinese text, never a space or a unit (`dyed at 126 ℃`, `at 139 rpm`);
# :data:`EMAIL_PROVIDER_SIGNS` are its literals
MAIL_PROVIDERS = ("gmail", "googlemail", "hotmail", "outlook", "yahoo", "icloud", "foxmail", "qq", "sina", "sohu",
                  "aliyun", "yeah", "protonmail")
MAIL_PROVIDERS_NUMERIC = ("163", "126", "139", "188", "189", "21cn")
_MAIL_AT = r"(?: (?:at|AT|At) |\s?[\[(（【]\s?(?:at|AT|At)\s?[\])）】]\s?| ?@ ?)"
_MAILBOX = r"(?:\s?(?:邮箱|信箱|(?i:e-?mail|mail)))?"
EMAIL_PROVIDER = (rf"[A-Za-z0-9._%+-]+{_MAIL_AT}(?:(?i:{alternation(MAIL_PROVIDERS)})({_MAILBOX}(?:$|[^A-Za-z0-9._-]))"
                  rf"|(?:{alternation(MAIL_PROVIDERS_NUMERIC)})({_MAILBOX}(?:$|[^\dA-Za-z._\s℃°%度-])))")
EMAIL_PROVIDER_SIGNS = [f"{at}{p}" for p in (*MAIL_PROVIDERS, *MAIL_PROVIDERS_NUMERIC)
                        for at in (" at ", "]", ")", "）", "】", "] ", ") ", "） ", "】 ", "@", "@ ")]
# with spaces inside it, around its `@` and its dots (red team round 14 B: `邮箱 zhang wei @ 163 . com`): up to three
# words before the `@` (an e-mail label before them stays: group 1), on the rows holding an `@`
EMAIL_SPACED = (r"((?i:e-?mail|mail)\s*[:：]?\s*|邮箱\s*[:：]?\s*|^|[^A-Za-z0-9._%+-])"
                r"[A-Za-z0-9._%+-]+(?: {1,2}[A-Za-z0-9._%+-]+){0,2} {0,2}@ {0,2}[A-Za-z0-9-]+"
                r"(?: {0,2}\. {0,2}[A-Za-z0-9-]+)* {0,2}\. {0,2}(?:com|cn|net|org|edu|gov|hk|tw|io|co|info|biz)"
                r"($|[^A-Za-z0-9])")
# a mobile number in Chinese numerals (一三八五七四一二三六八, 幺三八五七四幺二三六八, 一三八 五七四一 二三六八)
# (also in the formal numerals of cheques: 壹叁捌伍柒肆壹贰叁陆捌, red team B)
PHONE_HAN = (r"[一幺](?:\s?[三四五六七八九])(?:\s?[零〇一二三四五六七八九幺]){9}"
             r"|[壹幺](?:\s?[叁肆伍陆柒捌玖])(?:\s?[零〇壹贰叁肆伍陆柒捌玖幺]){9}")
# a batch number: an area-code shape, a dash and a date (0301-20261026, B0571-20261001); set apart before phones
BATCH_DATE = r"(^|[^\d])(0\d{2,3}[-—–])(20\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01]))($|[^\d])"
# resident IDs, also grouped 6-8-4 (330102 19900307 1003), 6-4-4-4 (330102 1990 0307 1003), 4-4-4-4-2
RESIDENT_ID = (r"\d{17}[\dXx]|\d{6}[\s-]\d{8}[\s-]\d{3}[\dXx]|\d{6}[\s-]\d{4}[\s-]\d{4}[\s-]\d{3}[\dXx]"
               r"|\d{4}[\s-]\d{4}[\s-]\d{4}[\s-]\d{4}[\s-]\d[\dXx]")
# a bank account after its label (账号 6222 0212 3456 7890 123; 色卡号, a colour card's, is set apart first)
BANK_ACCOUNT = (r"((?:银行账号|银行卡号|收款账号|开户账号|对公账号|账号|卡号|账户"
                r"|(?i:\baccount\s*(?:no\.?|number)|\ba/c(?:\s*no\.?)?))\s*[:：]?\s*)"
                # whole, a card in fours (16 or 19 digits: a year after it is not taken), or 6 then the rest
                r"(?:\d{12,23}|\d{4}(?:[\s-]\d{4}){2,4}(?:[\s-]\d{1,3})?(?P<end>$|[^\d年./-])|\d{6}[\s-]\d{10,17})")
BANK_WORDS = ["账号", "卡号", "账户", "account", "a/c"]   # one of them stands in every BANK_ACCOUNT match
NOT_BANK_CARDS = r"(色|流转|工艺|工序|生产|流程|物料)卡号"   # a colour card's, a job ticket's: set apart first
# a bank card without 账号/卡号: 16-19 digits, whole or in fours (6222 0212 3456 7890 128), right after a bank word
# (银行卡：, 工资卡, 开户行 工商银行, 收款：建设银行; not 收款单号) when it passes Luhn or has a UnionPay BIN (62: older
# UnionPay debit cards do not all pass Luhn), or anywhere with a UnionPay BIN and passing Luhn; never an order number
# (also 6 then the rest, as a card's BIN is written apart: 622202 1234567890123)
BANK_CARD_NUMBER = r"\d{16,19}|\d{4}(?:[\s-]\d{4}){3}(?:[\s-]\d{1,3})?|\d{6}[\s-]\d{10,13}"
# (also after a bank's short name: 退款至建行 4367 4212 3456 7896)
BANK_CARD = (r"(?:(银行卡|工资卡|储蓄卡|借记卡|信用卡|开户行|银行|建行|工行|农行|中行|招行|交行|邮储"
             r"|收款(?!单|日|时|人)"
             r"|(?<![A-Za-z])(?i:card)(?![A-Za-z]))[^\d\n号]{0,12}?)?"
             rf"(?<!\d)({BANK_CARD_NUMBER})(?!\d)")   # Python's re (look-arounds)
# instant-messaging accounts after their label: 微信: hm_qc88, QQ:87654321, WeChat ID lily_w
# (no \b: over Chinese text it is slow; the character before a Latin label is matched instead)
# (also other apps' handles: 抖音号：zhangwei_1988, 小红书号：95123456789, Line ID: lily_w88, Skype: zhang.wei.tex)
# (red team round 14 B: a QQ mailbox's number is the QQ number, `QQ邮箱：1234567890`; a dash after the label, `WeChat
# ID - chenhui88`)
IM_ACCOUNT = (r"((?:微信号码?|微信(?i:id)?|[Vv]信号?|薇信|威信号?|加微|加[Vv]|钉钉号?|QQ号码?|(?i:qq)邮箱"
              r"|扣扣号?|企鹅号|(?:抖音|快手|小红书)(?:号|(?i:id))?"
              r"|(?i:(?:^|[^a-z])(?:vx|wx|wechat(?:\s*id)?|weixin|qq|skype|whatsapp|telegram)))"
              r"\s*(?:[:：]|[-—–]{1,2})?\s*)"
              r"[A-Za-z0-9][A-Za-z0-9_.-]{4,29}")
# a Line handle (review round 12): after `Line ID` or `Line app`, not a production or product line's (`Production Line
# ID: PL-2024-03`, `Product line: Outdoor2024`: :data:`PRODUCT_LINE` sets those apart first), and after a bare
# `Line:` only beside another contact (微信, WhatsApp, 电话, e-mail, a masked phone: :data:`CONTACT_CONTEXT`), not
# `Line: L01-A, speed 120 m/min`
_HANDLE = r"[A-Za-z0-9][A-Za-z0-9_.-]{4,29}"
PRODUCT_LINE = r"((?i:product(?:ion)?|assembly|business|生产|产品)\s*)((?i:line))"
IM_LINE = rf"((?:^|[^A-Za-z\x01])(?i:line ?(?:id|app))\s*[:：]?\s*){_HANDLE}"
IM_LINE_BARE = rf"((?:^|[^A-Za-z\x01])(?i:line) ?[:：]\s*){_HANDLE}"
CONTACT_CONTEXT = (r"微信|电话|手机|邮箱|\[PHONE\]|\[EMAIL\]|\[ACCOUNT\]"
                   r"|(?i:whatsapp|wechat|e-?mail|tel|phone|mobile|skype|telegram|line ?app)")
# a payment account after an Alipay or WeChat Pay label (red team round 14: `支付宝：lina@alipay`, `alipay: lina_88`,
# `支付宝账号 13800138000`): after a colon, or after 账号, 账户, 号, ID, account (colon or not), so `alipay accepted`
# and `支付宝付款` stay; PAY_WORDS are its literals
PAY_WORDS = ["支付宝", "微信支付", "财付通", "alipay", "wechat pay", "wechatpay"]
PAYMENT_ACCOUNT = (r"((?:支付宝|微信支付|财付通|(?i:(?:^|[^a-z])(?:alipay|wechat\s?pay)))"
                   r"(?:(?:账号|账户|帐号|帐户|号|(?i:\s*(?:id|account|acct)))\s*[:：]?|\s*[:：])\s*)"
                   r"[A-Za-z0-9][A-Za-z0-9_.@+-]{3,40}")
# a WeChat name in Chinese after its label and a colon (微信: 猪八戒)
# (not after `加微：`, `加V：`, which an id in Latin letters or digits follows: `加微：弹力面料` is a fabric)
IM_NAME = r"((?:微信号码?|微信|[Vv]信|薇信|威信|(?i:wechat))\s*[:：]\s*)[\u4e00-\u9fff]{2,8}"
# social handles (red team round 13): `ins: lily_fashion`, `IG：lily.fashion`, `Instagram @lily_fashion` (after a colon
# or an @, never bare: `ins风`, `INS style`, `Instagram famous` stay); the handle holds a letter (`INS: 2024新款` stays)
SOCIAL_HANDLE = (r"((?:^|[^A-Za-z])(?i:ins|ig|instagram|tiktok|facebook)\s*(?:[:：]\s*@?|@)\s*)"
                 r"[A-Za-z0-9_.]{0,29}[A-Za-z_][A-Za-z0-9_.]{0,29}")
# a Weibo account after its label and a colon or an @, in any script (`微博：@丽丽服饰`, `weibo: lily_w`)
WEIBO_ACCOUNT = (r"((?:微博|(?i:weibo))(?:号|(?i:\s*id))?\s*(?:[:：]\s*@?|@)\s*)"
                 r"[\u4e00-\u9fffA-Za-z0-9_][\u4e00-\u9fffA-Za-z0-9_-]{1,29}")
# the literals one of which stands in every SOCIAL_HANDLE or WEIBO_ACCOUNT match (not a bare `ins` or `ig`: `design`,
# `insulated`)
SOCIAL_WORDS = ["ins:", "ins：", "ins :", "ins ：", "ins@", "ins @", "ig:", "ig：", "ig :", "ig ：", "ig@", "ig @",
                "instagram", "tiktok", "facebook", "微博", "weibo"]
IM_WORDS = ["微信", "v信", "薇信", "威信", "加微",
            "加v", "钉钉", "qq", "扣扣", "企鹅", "vx", "wx", "wechat", "weixin", "抖音", "快手",
            "小红书", "skype", "whatsapp", "telegram", "lineid", "line id", "lineapp", "line app", "line:", "line：",
            "line :", "line ：", *SOCIAL_WORDS]
LABELS = ("联系人", "负责人", "业务员", "经办人", "经理", "销售", "质检员", "检验员", "操作员", "挡车工", "联系",
          "验货员", "验货人", "跟单员", "跟单", "主管", "厂长", "复检人", "检验人", "质检", "审核人", "制单人",
          "采购员", "设计师", "班长", "对接人", "联络人", "收货人", "打样人", "跟进人", "送货人", "签收人",
          "qc", "contact", "contact person", "sales rep", "sales", "attn", "inspector", "operator", "manager",
          "merchandiser", "inspected by", "checked by", "approved by", "prepared by",
          "记录人", "抽检人", "经手人", "填表人", "审批人", "批准人", "核对人", "验货人员", "质检人员", "检验人员",
          "操作人员", "签字人", "签名", "recorded by", "signed by",
          "化验员", "分析人", "分析员", "取样人", "取样员", "复核人", "送样人", "检测人", "试验员", "法定代表人",
          "法人代表", "法人", "客服", "客户代表", "业务代表", "联系人/电话", "customer service", "analyst",
          "sampled by", "姓名", "收件人", "收货人姓名", "司机", "驾驶员", "提货人", "收款人", "开户名", "account name",
          "payee",
          # roles and sign-offs (red team round 44)
          "质检人", "责任人", "值班员", "值班人", "操作人", "技术员", "工艺员", "车间主任", "主任", "验收人", "送检人",
          "打版师", "版师", "样衣工", "设计总监", "总监", "机修工", "保全工", "落纱工", "安全员", "技师", "工程师",
          "化验师", "统计员", "仓管员", "库管员", "保管员", "调度员", "巡检员", "巡检人", "核准人", "校对人",
          "发货人", "收样人", "接收人", "领料人", "开单人", "组长", "线长", "车间主管", "员工", "师傅", "handler",
          "person in charge", "handled by", "re-check by", "rechecked by",
          # an ERP's audit fields, also as JSON keys (red team round 12)
          "创建人", "处理人", "修改人", "录入人", "更新人", "提交人", "录单人", "下单人", "created by", "createdby",
          "created_by", "updated by", "updatedby", "updated_by", "modified by", "modifiedby", "modified_by",
          # hand-overs (red team round 12): `请找王建军` (English sign-offs: SIGN_OFF_LABELS)
          "请找", "交给", "已交", "转交", "厂方代表", "工厂代表", "甲方代表", "乙方代表", "买方代表", "客方代表",
          "陪验人员", "陪验人", "陪同人员", "陪同人")
# English sign-offs (red team round 12: `Tested by Zhang Wei`, `Auditor: Chen Jing`, `QC Supervisor: 钱晓东`), with or
# without a colon, before a surname-shaped name only (review round 12): a lab, a body or a team signs too (`Auditor:
# SGS Shanghai`, `Witnessed by: Intertek`, `Tested by: third party lab`, `Reviewed by: QA` stay)
SIGN_OFF_LABELS = ("tested by", "witnessed by", "audited by", "verified by", "reviewed by", "witness", "auditor",
                   "supervisor")
# English closings of a message (red team round 13: `Regards, lily wang`, `best, zhang wei`): the words after one, a
# comma or a line break, are a name when they are two, one of them a romanized Chinese surname, in any case, and
# nothing but punctuation or a line break follows on their line (`regards, the sales team` stays);
# :data:`CLOSING_WORDS` are the literals the regex runs behind
CLOSING_WORDS = ("regards", "best,", "best，", "best\n", "thanks,", "thanks，", "thanks\n", "thank you,", "cheers",
                 "sincerely", "rgds", "best wishes")
# the role nouns among the labels (red team round 14 B: an inspections file's `记录人` column, a `班长` beside
# an `操作员` column): a label naming a person's role (ending in 人, 员, 长, 师, 工; 司机, 主管, 主任, 经理, 总监,
# 客服, 师傅, …代表) heads a column of people too, so the labels are the one list of both; the English role nouns
# and sign-offs (`inspector`, `handled by`; not `qc`, `sales`, `attn`, which head other columns)
_ROLE_WORDS = ("司机", "主管", "主任", "经理", "总监", "客服", "师傅")
_ROLES_EN = ("inspector", "operator", "manager", "merchandiser", "analyst", "handler", "payee", "person in charge")
ROLE_LABELS = tuple(w for w in LABELS if w in _ROLES_EN or w.endswith("by") or (not w.isascii() and (
    w[-1] in "人员长师工" or w in _ROLE_WORDS or w.endswith("代表"))))
# headers of a column of people that no field of the table maps (a `业务员` column in a products file): its names
# are masked in free text like a personal field's (with the personal fields' own aliases)
PERSON_HEADERS = (*ROLE_LABELS, "值班长", "联系人", "负责人", "业务员", "经办人", "跟单员", "跟单", "质检员",
                  "检验员", "操作员", "挡车工", "验货员", "采购员", "设计师", "联络人", "对接人", "收货人", "销售员",
                  "业务经理", "销售经理", "客户经理", "制单人", "审核人", "contact", "contact person", "sales rep",
                  "salesperson", "merchandiser",
                  # an ERP's audit columns (red team round 12): who created, entered, changed or approved a record
                  "创建人", "修改人", "最后修改人", "录入人", "经手人", "更新人", "录单人", "开单人", "提交人",
                  "审批人", "created by", "createdby", "modified by", "modifiedby", "updated by", "updatedby",
                  "creator", "owner")
# labels that are common words too (开发新产品, 业务范围, 审核通过): a name only after them and a colon
COLON_LABELS = ("开发", "业务", "打样", "设计", "跟单", "对接", "sales", "审核", "签字", "记录", "复核", "确认",
                "检验", "批准", "签发", "编制", "制单", "制表", "approved", "checked", "reviewed",
                "户名", "账户名",   # not 客户名称 浙江纺织
                "采购", "签收", "经办", "验货", "验收", "复检", "巡检", "核准", "校对", "操作", "送检", "值班",
                "pic", "owner", "designer", "buyer", "代表", "signed")
# an identity document after its label: old 15-digit resident IDs (no check digit), passports, permits
# (also a driving licence, a home return permit and other documents: 驾驶证：330102900307100, 回乡证 H1234567890)
ID_DOCUMENTS = ["驾驶证", "驾照", "回乡证", "台胞证", "军官证", "居住证", "社保卡"]
# (also in Taiwan's words and script, red team round 14 B: `身分證字號：A123456789`, `身份證號碼`, `身分证字号`)
_RESIDENT_ID_LABEL = r"身[份分][证證](?:字[号號])?(?:[号號][码碼]?)?"
ID_AFTER_LABEL = (rf"((?:{_RESIDENT_ID_LABEL}|证件号码?|护照号?码?|通行证号?码?"
                  rf"|(?:{'|'.join(ID_DOCUMENTS)})号?码?|(?i:\bpassport(?:\s*no\.?)?|\bid\s*no\.?"
                  r"|(?:\bhk|香港)\s?id(?:\s?card)?(?:\s*no\.?)?|\bhkid))"
                  # a Hong Kong identity card's check digit in brackets (red team B: `HK ID: A123456(7)`)
                  r"\s*[:：]?\s*)[A-Za-z]{0,2}\d{6,17}[\dXx]?(?:[(（][\dAa][)）])?")
# part of a resident ID after its label (red team round 14: `身份证后四位1003`, `身份证号后6位 100312`,
# `身份证尾号1003`)
ID_PARTIAL = (r"((?:身[份分][证證]|证件)(?:号码?)?\s*的?(?:(?:前|后|末|尾|最后)\s*"
              r"(?:[1-8一二三四五六七八两]\s*位(?:数字?|号码?)?)|尾号)\s*(?:是|为)?\s*[:：]?\s*)\d{2,7}[\dXx]")
# an address after its label: its words up to a separator, or up to the next `label:` (`收件人：`)
ADDRESS_LABELLED = (r"((?:送货|收货|家庭|通讯|联系|现|户籍)?(?:地址|住址)\s*[:：]\s*|(?i:\baddress)\s*[:：]\s*)"
                    r"[^\s,;，；|:：\x01]+(?:\s[^\s,;，；|:：]+)*($|[\s,;，；|])")
# a street address with a house number, after its city or district (`杭州市西湖区文三路90号3幢502室`; not `回路2号泵`)
# also a village's (柯桥区齐贤镇联谊村12组35号, 华舍街道蜀阜村88号)
# (not a plant's: 化工园区输送管路1号线; 回路, 管路, 线路 are no streets)
ADDRESS_STREET = (r"(?:[\u4e00-\u9fff]{2,12}(?:省|市|县|镇|乡|街道)"
                  r"|[\u4e00-\u9fff]{1,11}[\u4e00-\u9fff&&[^园厂库罐业产装储域社景展分工]]区)+"
                  r"(?:[\u4e00-\u9fff]{0,9}[\u4e00-\u9fff&&[^管线回电油气水通道网]]路|[\u4e00-\u9fff]{1,10}(?:街|大道|巷|弄|村))"
                  r"(?:\d+组)?\d+[号弄]"
                  r"(?:\d+(?:幢|栋|座|单元|楼|层|室|号)|[-—]\d+)*")
# a street address without its city after an address label and no colon (寄样地址 文三路90号3幢502室)
# (also after 家住, 住在, 现住: red team round 14, `家住萧山区宁围街道利一村3组`)
_HOME_LABEL = r"(?:地址|住址|家住|住在|现住)"
ADDRESS_STREET_AFTER_LABEL = (rf"({_HOME_LABEL}\s*)"
                              r"(?:[\u4e00-\u9fff]{0,9}[\u4e00-\u9fff&&[^管线回电油气水通道网]]路"
                              r"|[\u4e00-\u9fff]{1,10}(?:街|大道|巷|弄|村))(?:\d+组)?\d+[号弄]"
                              r"(?:\d+(?:幢|栋|座|单元|楼|层|室|号)|[-—]\d+)*")
# an address down to a village or its group without a house number after an address label and no colon (red team B:
# `住址 萧山区宁围街道利一村3组`): a district, town or street office, then a village, community or street
ADDRESS_AREA_AFTER_LABEL = (rf"({_HOME_LABEL}\s*)(?:[\u4e00-\u9fff]{{1,11}}(?:省|市|县|区|镇|乡|街道))+"
                            r"[\u4e00-\u9fff]{1,10}(?:村|社区|路|街|大道|巷|弄)(?:\d+[组号弄幢栋室])*")
# a flat in a residential compound (阳光花园小区5幢2单元301室): a building number is needed
ADDRESS_COMPOUND = (r"(?:[\u4e00-\u9fff]{2,12}(?:省|市|县|区|镇|乡|街道))*"   # with its city and district before it
                    r"[\u4e00-\u9fff]{2,4}(?:小区|花园|公寓|新村|家园|大厦|苑)+\d+(?:幢|栋|座|号楼)"
                    r"(?:\d+单元)?(?:\d+(?:室|号|楼|层))*")
# an English one (Room 502, Building 3, No. 90 Wensan Road, Xihu District): a room, building or `No.` before the
# street, or its district after it (not a product's `221B Baker Street print tee`, `3 Park Avenue Handbag`)
_STREET_EN = r"\d+[A-Za-z]?,?\s+(?:[A-Z][a-z]+\s+){1,3}(?:Road|Rd\.?|Street|St\.|Avenue|Ave\.?|Lane)"
_DISTRICT_EN = r",\s*[A-Z][a-z]+\s+(?:District|County|Town|Township)"
_BUILDING_EN = r"(?:Building|Bldg\.?|Block)\s*\d+,?\s*"
ADDRESS_EN = (rf"(?:(?:Room|Rm\.?|Flat|Suite)\s*\d+[A-Za-z]?,?\s*(?:{_BUILDING_EN})?(?:No\.\s*)?"
              rf"|{_BUILDING_EN}(?:No\.\s*)?|No\.\s*){_STREET_EN}(?:{_DISTRICT_EN})?|{_STREET_EN}{_DISTRICT_EN}")
# an English address after `Address:` (red team round 14 B: `Address: Rm 1203, 88 Jiefang Rd, Shangcheng Dist.,
# Hangzhou` left all but the room): a value starting with a Latin letter or digit, across its commas, up to the end
# of its sentence (`;`, `。`, a period after a word that is no abbreviation such as `Rd.`, `Dist.`), of the field,
# Chinese text, or the next `Label:` (`, Tel: ...`); Python's re (look-arounds) on the rows holding `address`, before
# ADDRESS_LABELLED
ADDRESS_EN_LABELLED_RE = re.compile(
    r"((?<![A-Za-z])(?i:address)\s*[:：]\s*)(?=[A-Za-z0-9])"
    r"(?:(?<![A-Za-z])(?i:rd|st|ave|dist|no|rm|bldg|blvd|apt|fl|flr|ste|hwy|twp|prov|co|ltd)\.|[^.;；。|\n:：\u4e00-\u9fff])+?"
    r"(?=[\s,，]*(?:$|[;；。|\n\u4e00-\u9fff])|\.(?:\s|$)|[\s,，]+(?:(?i:contact\s+person|zip\s+code|postal\s+code)"
    r"|[A-Za-z][A-Za-z'-]*)\s*[:：])")
# a mainland vehicle plate (a driver's: 浙A12345, 浙A·D12345), in a text about a vehicle only (`苏E88888` is a style
# number in a catalogue)
_PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"
# (a trailer's too: 浙B1234挂, red team B)
PLATE = (rf"(^|[^A-Za-z0-9])([{_PROVINCES}][A-HJ-NP-Z][·\s-]?(?:[A-HJ-NP-Z0-9]{{5,6}}|[A-HJ-NP-Z0-9]{{4}}挂))"
         r"($|[^A-Za-z0-9])")
# a company's registered name (an enterprise's or a customer's: either names a party the release keeps anonymous)
# also with brackets or Latin letters inside (浙江华宇纺织（集团）有限公司, 杭州ABC纺织有限公司), a group (恒逸集团),
# a works
# named by its trade (柯桥恒泰印染厂); not 本公司, 我公司, 符合集团标准, 适用于印染厂 (function words end the name)
_NOT_CO = "由我本该为是和与在合符的及或对向从把被给这那其贵此各等于上供应用适到至往销售"
_CO = rf"[\u4e00-\u9fff&&[^{_NOT_CO}]]"
COMPANY = (r"[\u4e00-\u9fff][\u4e00-\u9fffA-Za-z0-9（）()]{1,30}(?:股份有限公司|有限责任公司|有限公司)"
           rf"|{_CO}{{4,30}}公司|{_CO}{{2,12}}集团"
           rf"|{_CO}{{2,10}}(?:印染|纺织|织造|染整|化工|化纤|制衣|服装|服饰|针织|印花|漂染|丝绸|塑料|橡胶|皮革|机械"
           r"|五金|涂料|助剂|染料|油墨|树脂|制品)厂")
COMPANY_EN = (r"[A-Z][A-Za-z&'-]*(?:\s+[A-Z][A-Za-z&'-]*){0,6},?\s+"
              r"(?:Co\.,?\s*Ltd\.?|Company\s+Limited|Co\.|Ltd\.?|Limited|Inc\.|Corp\.|Corporation|LLC|GmbH)")
# a customer or supplier after its label, and more listed after it (合作客户：荣盛石化、桐昆集团)
# (a brand in Latin letters too: `Supplier: Tongkun Group`, `客户：ZARA、H&M`); without a colon, a name ending in a
# trade or group word (`供应商 恒逸石化`)
_LATIN_COMPANY = r"[A-Z][A-Za-z0-9&'.-]*(?:\s+[A-Z][A-Za-z0-9&'.-]*){0,4}"
COMPANY_AFTER_LABEL = (r"((?:客户|客人|供应商|供货商|采购商|(?i:customer|supplier))\s*[:：]\s*[\"'“「]?)"
                       rf"(?:[\u4e00-\u9fff]{{2,12}}|{_LATIN_COMPANY})")
# the enterprise itself or no one after such a label (red team round 15: `供应商：本厂` stays): set apart (\x01) first
SELF_AFTER_LABEL = (r"((?:客户|客人|供应商|供货商|采购商|(?i:customer|supplier))\s*[:：]\s*[\"'“「]?)"
                    r"((?:本|我|自)(?:厂|司|公司|集团|企业|单位|工厂)|自产|自营|自有|暂无|待定|不详|未知)")
COMPANY_AFTER_BARE_LABEL = (r"((?:客户|供应商|供货商|采购商)\s+)"
                            r"[\u4e00-\u9fff]{2,8}(?:石化|集团|化纤|纺织|印染|化工|股份|实业|织造)")
# a brand in Latin letters after a bare `客户为` or `客户是` (red team B: `客户为ZARA西班牙总部`; not `以客户为中心`)
# an acronym of the trade after it is no brand (review: `客户为OEM代工`, `本批客户为AQL 2.5验货`, `客户是VIP客户`): set
# apart (\x01) first
# (in any case: `客户为 oem`; a brand in lower case is one too, red team round 14: `客户为 zara`, two letters or more)
# (also after a bare `客户` or `客人`, red team round 14: a Latin brand glued to it or after a space names a customer,
# `客户H&M验货通过`, `客人 Uniqlo 驻厂QC`; a trade's acronym or an English noun does not: `客户QC验货`, `客户PO号`,
# `可印客户LOGO`, `客户 Feedback`)
NOT_CUSTOMER_IS = (r"((?:客户|客人)(?:为|是)?\s*)((?i:OEM|ODM|OBM|AQL|VIP|VVIP|KA|QC|QA|OK|NG|SKU|MOQ|FOB|CIF"
                   r"|B2B|B2C|DIY|PO|PI|SO|DN|ID|LOGO|APP|PP|TOP|BOM|ERP|CRM|EDI|CEO|GM|PM|MD|TP|CS|LAB|CAD|PDF|QTY|DDP|EXW|AI"
                   r"|service|feedback|order|orders|request|requirement|requirements|approval|approved|sample|samples"
                   r"|comment|comments|complaint|complaints|name|code|info|care|support|list|portal|account|side"
                   r"|style|size|spec|specs|label|tag|hangtag|brand|file|report|data|number|no)"
                   r"(?:$|[^A-Za-z]))")
COMPANY_AFTER_CUSTOMER_IS = (r"((?:^|[^以])客户(?:为|是)\s*)(?:[A-Z][A-Za-z0-9&'.-]*|[a-z][A-Za-z0-9&'.-]+)"
                             r"(?:\s+[A-Z][A-Za-z0-9&'.-]*){0,4}[\u4e00-\u9fff]{0,8}")
COMPANY_AFTER_BARE_CUSTOMER = (r"((?:^|[^以])(?:客户|客人)\s*)[A-Z][A-Za-z0-9&'.-]*[A-Za-z0-9&]"
                               r"(?:\s+[A-Z][A-Za-z0-9&'.-]*){0,3}")
# an English customer after `for` (red team round 14: `Acetone for BASF Shanghai`): capitalized words before a place
# (a Chinese city or province, a country) or before a corporate word (Group, Holdings, Inc, ...), never a use (`for
# HPLC`, `for industrial use`, `for cotton`, `for Export`); a market or direction before the place is no name
# (`for South China`, `for Export Shanghai`: :data:`NOT_FOR_CUSTOMER` sets them apart, \x01, first). The places and
# corporate words are literals of the row gate, so none is a common English word's part (`USA` in `usage`, `PLC` in
# `HPLC` were left out)
PLACES_EN = ("Shanghai", "Beijing", "Tianjin", "Chongqing", "Guangzhou", "Shenzhen", "Hangzhou", "Ningbo", "Suzhou",
             "Wuxi", "Nanjing", "Shaoxing", "Keqiao", "Jiaxing", "Huzhou", "Wenzhou", "Xiamen", "Qingdao", "Dalian",
             "Wuhan", "Chengdu", "Dongguan", "Foshan", "Nantong", "Changzhou", "Zhangjiagang", "Jiangyin", "Zhejiang",
             "Jiangsu", "Guangdong", "Shandong", "Fujian", "Hong Kong", "Taiwan", "China", "Japan", "Korea", "Germany",
             "France", "Italy", "Spain", "Vietnam", "India", "Singapore", "Thailand", "Indonesia", "Malaysia",
             "Turkey", "Bangladesh", "Europe", "Asia")
CORPORATE_WORDS_EN = ("Group", "Holdings", "Corporation", "Corp", "Company", "Ltd", "Limited", "LLC", "GmbH")
_FOR = r"((?:^|[^A-Za-z])(?i:for)\s+)"
COMPANY_AFTER_FOR = (rf"{_FOR}[A-Z][A-Za-z0-9&'.-]*(?:\s+[A-Z][A-Za-z0-9&'.-]*){{0,3}}"
                     rf"\s+(?:(?i:{'|'.join(PLACES_EN)})|(?:{'|'.join(CORPORATE_WORDS_EN)})\.?)($|[^A-Za-z])")
NOT_FOR_CUSTOMER = (rf"{_FOR}((?i:north|south|east|west|central|northern|southern|eastern|western|mainland|greater"
                    r"|export|domestic|global|overseas|international|all|the|general|industrial|use|lab|research|men|women|kids"
                    r"|children|baby|girls|boys|ladies)\s)")
# a company named in brackets by its trade (red team B: `年用量约2000吨（万华化学）`)
_BRACKET_TRADES = ("化学", "化工", "石化", "炼化", "集团", "股份", "化纤", "纺织", "印染", "服饰", "实业")
COMPANY_IN_BRACKETS = rf"([(（])[\u4e00-\u9fff]{{2,6}}(?:{'|'.join(_BRACKET_TRADES)})([)）])"
# an industry in brackets is no company (review: `适用于（精细化工）行业`, `（石油化工）`, `分析纯（有机化学）试剂`,
# `品类（针织服饰）`): a branch's qualifier before the trade word; set apart (\x01) before COMPANY_IN_BRACKETS
INDUSTRY_QUALIFIERS = ("精细", "石油", "有机", "无机", "高分子", "基础", "生物", "医药", "农用", "日用", "煤", "盐",
                       "氯碱", "天然气", "分析", "应用", "物理", "绿色", "合成", "能源", "材料", "电子", "聚合",
                       "涂料", "针织", "梭织", "家用", "产业用", "服装", "女装", "男装", "童装", "运动", "时尚",
                       "休闲", "纺织", "化学", "化纤", "丝绸", "印染", "现代", "传统", "综合", "轻工", "家纺", "鞋服",
                       "服饰")
NOT_BRACKET_COMPANY = (rf"([(（](?:{'|'.join(INDUSTRY_QUALIFIERS)}){{1,2}})"
                       rf"((?:{'|'.join(_BRACKET_TRADES)})[)）])")
COMPANY_AFTER_COMPANY = rf"(\[COMPANY\]\s*[、/]\s*)(?:[\u4e00-\u9fff]{{2,12}}|{_LATIN_COMPANY})"
# customers named without a colon, by a verb (red team round 12): `主要客户为优衣库、ZARA`, `客户包括恒逸石化和荣盛`,
# `供货给安踏、李宁`, `Customers include Uniqlo and Zara`, `OEM for Zara Home`; the whole list becomes one [COMPANY]
# (its names up to 、 / 和 及 与 and, or a comma before a Latin name). `客户为` and `客户有` only after 主要, 合作, ...
# (not `以客户为中心`, `客户有需求`); `客户满意`, `适合客户定制` name no one
# (red team B: `主要销往巴斯夫、陶氏化学`, `长期供应中石化镇海炼化和扬子巴斯夫`, `主供杭州意丰歌服饰、上海拉夏贝尔`;
# a bare `供应` is no verb here: `供应充足`, `现货供应`, `供应纯棉面料`)
# (red team round 14: `主要出口巴斯夫`, `产品远销巴斯夫`, `供货巴斯夫`, `主要卖给巴斯夫`: 远销, 主要出口, 出口到/至,
# a bare 供货 and 卖给 name a customer like 销往, places and goods after them stay: `远销欧美`, `主要出口欧洲`; a bare
# 出口 is no verb: `出口日本`, `出口东南亚`, a reactor's `出口温度`)
SUPPLY_VERBS = ("销往", "主供", "长期供应", "主要供应", "稳定供应", "常年供应", "独家供应", "定点供应",
                "远销至", "远销到", "远销", "主要出口", "出口到", "出口至", "出口往", "出口给", "供货")
# (the `给` verbs first: `供货给安踏` is 供货给's, not a bare 供货's)
_CUSTOMER_VERB = (r"(?:供货|供应|出货|发货|卖|售)给|供货于"
                  rf"|{'|'.join(SUPPLY_VERBS)}"
                  r"|(?:主要|合作|核心|重点|长期|知名|海外|国内|国外)客户群?(?:主要)?(?:为|是|有|包括|包含|涵盖)"
                  r"|客户群?(?:主要)?(?:包括|包含|涵盖|遍及)"
                  r"|(?i:(?:customers|clients|buyers)\s+(?:include|including|are|such\s+as)"
                  r"|(?:customer|client|buyer)\s+(?:includes|is)|supplier\s+(?:to|for)|supplies\s+to)"
                  r"|(?:OEM|ODM)\s+(?:for|to)")
_CUSTOMER = rf"(?:\[COMPANY\]|[\u4e00-\u9fff][\u4e00-\u9fff&&[^和及与等、]]{{1,11}}|{_LATIN_COMPANY})"
COMPANY_AFTER_VERB = (rf"((?:{_CUSTOMER_VERB})\s*)"
                      rf"{_CUSTOMER}(?:\s*(?:[、/&和及与]|以及|\s(?:and|&)\s)\s*{_CUSTOMER}|\s*[,，]\s*{_LATIN_COMPANY})*")
# a bare `供应` before a list of two or more names one of which is a Latin brand as a whole item (red team round 14:
# `供应优衣库、GAP`); a bare 供应 before goods stays (`供应纯棉、涤纶面料`, `供应T/C、CVC面料`: no Latin item stands
# alone). :data:`BARE_SUPPLY_GATE` is what every match starts with (for the row gate)
# (red team round 15: a known customer brand in Chinese counts like a Latin one, and alone too: `供应优衣库` ->
# `供应[COMPANY]`, `供应优衣库等`; as a whole item only, so `供应优衣库同款面料` stays: a style, not a customer)
CUSTOMER_BRANDS = (
    # garment and home-textile brands that buy from mills and garment makers
    "优衣库", "无印良品", "迪卡侬", "耐克", "阿迪达斯", "彪马", "斐乐", "安踏", "李宁", "特步", "匹克", "鸿星尔克",
    "361度", "森马", "海澜之家", "太平鸟", "波司登", "雅戈尔", "报喜鸟", "七匹狼", "九牧王", "利郎", "美特斯邦威",
    "真维斯", "拉夏贝尔", "江南布衣", "歌莉娅", "欧时力", "罗莱", "富安娜", "水星家纺", "梦洁", "恒源祥", "鄂尔多斯",
    "探路者", "巴拉巴拉", "安奈儿", "爱慕", "都市丽人", "蕉内", "南极人", "三枪", "始祖鸟", "露露乐蒙", "安德玛",
    "迪桑特", "盖璞", "飒拉", "海恩斯莫里斯",
    # chemical and fibre groups that buy intermediates
    "巴斯夫", "陶氏", "杜邦", "拜耳", "科思创", "赢创", "朗盛", "索尔维", "亨斯迈", "阿克苏诺贝尔", "埃克森美孚",
    "壳牌", "沙特基础", "三菱化学", "住友化学", "东丽", "帝人", "旭化成", "万华", "中石化", "中石油", "中海油",
    "恒力", "恒逸", "荣盛", "桐昆", "新凤鸣", "盛虹", "龙盛", "闰土", "传化", "宝洁", "联合利华", "立邦", "三棵树")
_BRAND_CN = alternation(CUSTOMER_BRANDS)
_BRAND = rf"(?:[A-Z][A-Za-z0-9&'.-]*[A-Za-z0-9&]|{_BRAND_CN})"
_BARE_ITEM = rf"(?:[\u4e00-\u9fff&&[^和及与等、]]{{2,12}}|{_BRAND})"
_BARE_SEP = r"\s*(?:[、/&和及与]|\s(?:and|&)\s)\s*"
COMPANY_AFTER_BARE_SUPPLY = (rf"(供应\s*)(?:(?:{_BARE_ITEM}{_BARE_SEP})+{_BRAND}(?:{_BARE_SEP}{_BARE_ITEM})*"
                             rf"|{_BRAND}(?:{_BARE_SEP}{_BARE_ITEM})+|{_BRAND_CN})($|[^A-Za-z0-9&'.\u4e00-\u9fff-]|等)")
BARE_SUPPLY_GATE = r"供应\s*[\u4e00-\u9fffA-Z]"
# no customer's name (review round 12): a generic noun after the verb (`出货给客户前100%全检`, `发货给客户`,
# `主要客户为国内外知名品牌`, `客户包括纺织印染企业`, `Supplier for Automotive OEMs`), or after a `给` verb a Chinese
# run glued to a digit or Latin letter (`出货给客户前100%`: a clause, not a name); :data:`NOT_CUSTOMER` sets these
# apart (\x01) first, and `主要客户为优衣库、ZARA`, `供货给安踏、李宁`, `OEM for Zara Home` stay customers
GENERIC_CUSTOMERS = ("客户", "客人", "下游", "上游", "国内外", "海内外", "国内", "国外", "海外", "知名", "各大",
                     "多家", "众多", "全国", "全球", "世界", "企业", "工厂", "厂家", "厂商", "品牌商", "知名品牌",
                     "大牌", "终端", "用户", "经销商", "代理商", "零售商", "批发商", "贸易商", "商家", "买家", "买方",
                     "对方", "市场", "各地", "行业", "领域", "大型", "中小",
                     # places a product is sold to (`销往全国`, `销往欧美、东南亚`) and trade (`主供外贸`)
                     "欧美", "欧洲", "美洲", "亚洲", "非洲", "东南亚", "中东", "日韩", "南美", "北美", "美国", "日本",
                     "韩国", "俄罗斯", "澳洲", "江浙沪", "长三角", "珠三角", "华东", "华南", "华北", "华中", "西北",
                     "东北", "西南", "港澳台", "各省", "省", "地区", "国家", "外贸", "出口", "内销",
                     # regions a product is exported to (`远销拉美`, `主要出口中东、北非`)
                     "拉美", "中亚", "西亚", "南亚", "东亚", "北非", "东欧", "西欧", "北欧", "南欧", "中欧", "欧盟",
                     "东盟", "大洋洲", "中美洲", "南美洲", "北美洲", "港澳", "各国", "一带一路", "沿线")
# provinces and countries a product is sold to (review: `产品销往浙江、江苏等地`, `销往越南、印度`,
# `销往德国和意大利`): a place only as a whole item of the list (`销往浙江龙盛` names a company)
PLACES = ("北京", "天津", "上海", "重庆", "河北", "河南", "云南", "辽宁", "黑龙江", "湖南", "安徽", "山东", "新疆",
          "江苏", "浙江", "江西", "湖北", "广西", "甘肃", "山西", "内蒙古", "陕西", "吉林", "福建", "贵州", "广东",
          "青海", "西藏", "四川", "宁夏", "海南", "台湾", "香港", "澳门", "越南", "印度", "印尼", "印度尼西亚",
          "泰国", "缅甸", "柬埔寨", "老挝", "马来西亚", "新加坡", "菲律宾", "孟加拉", "巴基斯坦", "斯里兰卡",
          "土耳其", "伊朗", "沙特", "阿联酋", "迪拜", "以色列", "埃及", "南非", "尼日利亚", "肯尼亚", "埃塞俄比亚",
          "摩洛哥", "德国", "法国", "英国", "意大利", "西班牙", "葡萄牙", "荷兰", "比利时", "瑞士", "瑞典", "挪威",
          "丹麦", "芬兰", "波兰", "捷克", "匈牙利", "罗马尼亚", "希腊", "奥地利", "爱尔兰", "乌克兰", "加拿大",
          "墨西哥", "巴西", "阿根廷", "智利", "秘鲁", "哥伦比亚", "澳大利亚", "新西兰", "哈萨克斯坦", "乌兹别克斯坦",
          "蒙古", "朝鲜")
_PLACE_ITEM = rf"(?:{'|'.join(sorted(PLACES, key=len, reverse=True))})(?:省|市|自治区|地区)?"
# fibres, yarns and fabrics a supply verb may be followed by, ending the item (review: `主供棉纱`, `长期供应涤纶短纤`,
# `稳定供应T/C65/35坯布`)
SUPPLIED_FIBRES = ("纱", "纱线", "棉", "短纤", "长丝", "坯布", "布", "纤维", "涤纶", "锦纶", "氨纶", "腈纶", "粘胶",
                   "丝", "切片", "辅料")
# what a supply verb may be followed by that is no customer (`长期供应纯棉面料`, `主供各类坯布`)
SUPPLIED_GOODS = ("面料", "原料", "产品", "各种", "各类", "多种", "现货", "规格", "坯布", "纱线", "成品", "大货",
                  "样品", "充足", "稳定", "及时", "品种", "型号", "品类", "款式", "业务")
# what a bare 供货 may start a word with that is no customer (`供货商评估合格`, `供货周期短`, `供货及时`)
SUPPLY_NOUNS = ("商", "方", "链", "周期", "期", "能力", "稳定", "及时", "充足", "量", "价", "渠道", "方式", "时间",
                "速度", "保障", "体系", "情况", "合同", "协议", "计划", "单", "范围", "区域", "质量", "品质", "数量",
                "快", "准时", "正常", "迅速", "灵活", "中", "前", "后", "时", "日", "地", "要求", "标准", "服务",
                "经验", "关系", "记录", "紧张", "短缺", "不", "无", "有", "可", "能", "均", "都", "已", "将", "年",
                "多年", "稳", "足", "好")
GENERIC_CUSTOMERS_EN = ("oems", "oem", "odms", "brands", "brand", "customers", "clients", "buyers", "retailers",
                        "manufacturers", "companies", "factories", "mills", "markets", "market", "wholesalers",
                        "distributors", "importers", "exporters", "users", "industries", "industry")
NOT_CUSTOMER = (rf"((?:{_CUSTOMER_VERB})\s*)([\u4e00-\u9fff&&[^和及与等、]]{{0,10}}(?:{'|'.join(GENERIC_CUSTOMERS)})"
                rf"|(?:[A-Za-z][A-Za-z&'.-]*\s+){{0,3}}(?i:{'|'.join(GENERIC_CUSTOMERS_EN)})(?:$|[^A-Za-z]))"
                r"|((?:供货|供应|出货|发货|卖|售)给\s*)([\u4e00-\u9fff]{1,12}[0-9A-Za-z%])"
                rf"|((?:{'|'.join(SUPPLY_VERBS)})\s*)([\u4e00-\u9fff]{{0,10}}(?:{'|'.join(SUPPLIED_GOODS)})"
                rf"|[\u4e00-\u9fffA-Za-z0-9/.%+-]{{0,16}}?(?:{'|'.join(SUPPLIED_FIBRES)})(?:$|[、,，/和及与等\s。；;])"
                rf"|{_PLACE_ITEM}(?:$|[、,，/和及与等\s。；;]))"
                rf"|(供货\s*)((?:{'|'.join(sorted(SUPPLY_NOUNS, key=len, reverse=True))}))")
# a customer given a price (red team round 14: `给巴斯夫的价格是4900元/吨，给万华的4700`): a name after `给` before
# `的` and a price word or a withheld price, then in such a text also before an amount; not a generic receiver
# (`给客户的价格`, `给经销商的报价`) nor `给予`, `给出`, `给到`, `给您` (:data:`NOT_PRICE_CUSTOMER` sets them apart)
PRICE_NOUNS = ("价格", "价", "报价", "单价", "售价", "成交价", "底价", "出厂价", "结算价", "供货价", "合同价", "协议价",
               "到厂价", "含税价", "[IMPORTANT]")
_PRICE_NOUN = alternation(PRICE_NOUNS)
_GIVEN = r"(给)([\u4e00-\u9fff&&[^的给，。；]]{2,8}?|[A-Z][A-Za-z0-9&'.-]*(?:\s[A-Z][A-Za-z0-9&'.-]*){0,2})(\s*的\s*)"
PRICE_CUSTOMER = rf"{_GIVEN}(?:{_PRICE_NOUN})"
PRICE_CUSTOMER_ANY = rf"{_GIVEN}((?:{_PRICE_NOUN}|[¥￥$]?\s*\d))"
# `给` before a word that is no name, or a generic receiver: set apart (\x01)
_NOT_GIVEN = ("予", "出", "到", "您", "你", "他", "她", "它", "我", "大家", "各", "每", "本", "该", "此", "这", "那",
              "贵", "老客", "新客", "大客", "散客", "终端", "同行")
_NOT_DE = r"[\u4e00-\u9fff&&[^的给，。；]]"
NOT_PRICE_CUSTOMER = (rf"(给)((?:{'|'.join(_NOT_GIVEN)}|{_NOT_DE}{{0,6}}(?:{'|'.join(GENERIC_CUSTOMERS)}))"
                      rf"{_NOT_DE}{{0,6}}?\s*的)")
# a list after a customer verb that names a customer beside generic nouns (red team round 13: `Customers include
# Large Retailers and Zara`, `主要客户为国内外知名品牌和优衣库`): NOT_CUSTOMER would set it apart for its generic
# noun, so the whole list becomes [COMPANY] first (:func:`named_customers`, Python's re, on the few texts
# NOT_CUSTOMER matches). Its items: a Chinese run, Latin words (not `and`, `such as`), separated as in
# COMPANY_AFTER_VERB, or by `such as`, `including`, 如, 例如 after a generic noun; a Latin item names a customer when it
# is capitalized (`large retailers, and many more` stays a generic list)
_LIST_CJK = r"(?:(?!以及|[和及与等、如])[\u4e00-\u9fff]){1,12}"
_LIST_WORD = r"[A-Za-z0-9][A-Za-z0-9&'-]*(?:\.[A-Za-z0-9&'-]+)*"   # a period only inside (H.M) or at its end (H&M.)
_LIST_LATIN = rf"{_LIST_WORD}(?:[ \t]+(?!(?i:and|such|including|like|e\.g)\b){_LIST_WORD}){{0,4}}\.?"
_LIST_ITEM = rf"(?:\[COMPANY\]|{_LIST_CJK}|{_LIST_LATIN})"
_LIST_SEP = (r"(?:\s*(?:[、/&和及与]|以及|[(（]?(?:例如|比如|如|包括))\s*"
             r"|\s+(?i:and|&|such\s+as|including|like|e\.g\.)\s+|\s*[,，]\s*(?=[A-Z]))")
_CUSTOMER_LIST = re.compile(rf"((?:{_CUSTOMER_VERB})\s*)({_LIST_ITEM}(?:{_LIST_SEP}{_LIST_ITEM})*)")
_LIST_SPLIT = re.compile(_LIST_SEP)
# 服装厂: a trade's works (a named one is a COMPANY); a place as a whole item (江苏等地)
_GENERIC_CN = re.compile("|".join(GENERIC_CUSTOMERS) + rf"|厂$|^{_PLACE_ITEM}(?:等[\u4e00-\u9fff]{{0,3}})?$")
_GENERIC_EN = re.compile(rf"(?i)(?<![A-Za-z])(?:{'|'.join(GENERIC_CUSTOMERS_EN)})(?![A-Za-z])")


def named_customers(text: str) -> str:
    """``text`` with each customer list after a verb that holds a generic noun and a customer's name masked whole
    (`Customers include [COMPANY]`); a list of generic nouns only stays (`Customers include large retailers`)."""
    def sub(m: re.Match) -> str:
        items = [i for i in _LIST_SPLIT.split(m[2]) if i]
        generic = [bool(_GENERIC_CN.search(i) if re.match(r"[\u4e00-\u9fff]", i) else _GENERIC_EN.search(i))
                   for i in items]
        named = [not g and (i == "[COMPANY]" or not i[0].isascii() or i[0].isupper())
                 for i, g in zip(items, generic, strict=True)]
        if not (any(generic) and any(named)):
            return m[0]
        stop = m[2].endswith(".") and not re.search(r"(?i)(?:co|ltd|inc|corp)\.$", m[2])   # a sentence's period
        return m[1] + "[COMPANY]" + ("." if stop else "")

    return _CUSTOMER_LIST.sub(sub, text)


# words without which none of ID_AFTER_LABEL, the addresses, PLATE (in its vehicle context) or COMPANY can match
TRIGGERS = ["身份证", "身分证", "身份證", "身分證",
            "证件", "护照", "通行证", *ID_DOCUMENTS, "passport", "id", "地址", "住址", "address",
            "路", "街", "大道", "巷", "弄", "村", "幢", "栋", "号楼", "公司", "集团", "厂", "客户", "供应商", "供货商",
            "采购商", "customer", "supplier", "co.", "ltd", "limited", "inc.", "corp", "llc", "gmbh",
            "供货给", "供应给", "出货给", "发货给", "供货于", "client", "buyer", "supplies to", "oem", "odm",
            "road", "rd", "street", "st.", "avenue", "ave", "lane", *SUPPLY_VERBS, "卖给", "售给",
            *(w.lower() for w in (*PLACES_EN, *CORPORATE_WORDS_EN)), "家住", "住在", "现住", *PAY_WORDS,
            *(w + b for w in _BRACKET_TRADES for b in ")）"),
            "车牌", "车号", "牌照", "车辆", "司机", "驾驶员", "货车", "卡车", "运输", "物流", "提货", "送货",
            "plate", "driver", "truck", "vehicle", "客人", *(f"的{w}" for w in PRICE_NOUNS)]
VEHICLE_WORDS = r"车牌|车号|牌照|车辆|司机|驾驶员|货车|卡车|运输|物流|提货|送货|(?i:plate|driver|truck|vehicle)"
# two-character surnames: the given name after them may be two characters (欧阳娜娜)
COMPOUND_SURNAMES = ("欧阳", "司马", "诸葛", "上官", "东方", "慕容", "皇甫", "尉迟", "公孙", "令狐", "长孙", "宇文",
                     "夏侯", "轩辕", "端木", "独孤", "南宫", "西门", "百里", "呼延", "申屠", "澹台", "太史", "司徒")
# after 联系, words that are not a name (联系电话: [PHONE]); kept apart from the label while names are masked
NOT_NAMES_AFTER_CONTACT = ("电话", "方式", "手机", "地址", "邮箱")
# 联系方式 (kept apart below) is a label too: `联系方式 张三 138...`
ANY_LABEL = "|".join(sorted((*LABELS, "联系\x01方式"), key=len, reverse=True))
CONTACT_WORD = rf"联系({'|'.join(NOT_NAMES_AFTER_CONTACT)})"
# a third character that starts the next word rather than ending a name (张磊负责, 王伟电话, 李明先生)
NOT_NAME = "负电手联先女经的在是和及与为已将于请处部抽复确检验签审"
# common surnames: without a colon after its label, a name must start with one (销售江浙沪, 客服工作服, 经理推荐款 are
# no names); characters that mostly start other words (于, 成, 时, 明, 文, 安, 车, 施, 原, ...) are left out
SURNAMES = ("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈"
            "姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔汤"
            "温康文牛樊葛邢齐乔伍庞颜倪庄聂章鲁岳翟殷詹欧耿关兰焦俞左柳甘祝包尚符舒阮柯纪梅童凌毕季裴霍涂苗谷"
            "盛翁冉骆蓝游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解艾尤穆卓吉缪简项芦麦褚娄窦戚岑景党宫费卜冷晏席瞿桂佟"
            "臧闵苟邬边卞姬仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩佘池查麻苑迟邝谈匡鞠荆冀郁胥储栗燕楚鄢谌奚粟冼"
            "蔺楼闻厉伊仝郜阚权帅屠朴练廉禹漆巴卿狄晋芮扈晁阙浦鹿薄邸雍辜裘亓邰赫况逯茹诸慕嵇湛宾戎茅揭尉檀")
# words that start with a surname but are no name (江浙, 高支, 白色, 合格 after a colon): split by \x01 while names
# are masked, so they read as none
NOT_NAME_WORDS = ("江浙", "江苏", "江西", "江南", "高支", "高密", "高端", "高弹", "高温", "高档", "高强",
                  "高效", "高性", "高纯", "高级", "高压", "高速", "高度", "高品", "高领", "高腰", "白色",
                  "白班", "白坯", "白底", "黄色", "黄金", "蓝色", "金属", "金色", "金黄", "金丝", "金华",
                  "石油", "石化", "石墨", "石英", "方案", "方面", "方便", "方法", "方形", "方向", "田园",
                  "毛衣", "毛料", "毛呢", "毛巾", "毛绒", "毛边", "包装", "包邮", "包括", "包含", "包边",
                  "包工", "童装", "童鞋", "童工", "夏季", "夏装", "夏天", "夏款", "马甲", "马上", "牛仔",
                  "牛皮", "牛津", "熊猫", "苏州", "温州", "温度", "温和", "温馨", "温控", "柯桥", "余杭",
                  "余量", "盛泽", "吴江", "韩版", "韩式", "欧美", "欧式", "欧版", "欧洲", "白领", "华东",
                  "华南", "华北", "华中", "华西", "梅花", "钱包", "雷达", "史上", "万米", "万件", "万元",
                  "合格", "通过", "正常", "完成", "暂无", "待定", "同上", "本人", "全部", "我们", "我司",
                  "公司", "部门", "质检部", "如下", "见附件", "见官网", "未知", "不详", "良好", "优秀", "满意",
                  "齐全", "宫廷", "兰花", "荣获", "康复", "舒适", "舒服", "柔软", "卓越", "简约", "简单",
                  "时尚", "冷暖", "冷色", "席梦思", "骆驼", "蒙古", "鲁班", "贾卡", "文件", "文化", "文字",
                  "文艺", "文具", "文胸", "文案", "文明", "文本", "巴黎", "狄卡", "朴素", "沙滩", "沙发",
                  "商务", "商场", "桑蚕", "燕尾", "楼层", "廉价",
                  # before a role word or after a hand-over word (项目经理, 董事长签字, 已交付, 已交费)
                  "项目", "董事", "高管", "顾客", "商家", "储备", "商品", "陈列", "管理", "商检", "房东", "周末",
                  "严格", "交付", "交齐", "交费", "交钱", "交房", "金额", "品管", "费用",
                  # a kinship word after a surname-like character that names no one (帅哥说)
                  "帅哥",
                  # before a phone (武汉 027-8888 6666, 颜色 ...)
                  "武汉", "郑州", "晋江", "石狮", "江门", "张家港", "徐州", "沈阳", "兰州", "白天", "颜色")
_TITLE = r"(?i:(?:mr|ms|mrs|miss|dr)\.?\s*)?"
COMPOUND = "|".join(COMPOUND_SURNAMES)
_CJK_NAME = (rf"(?:(?:{COMPOUND})[\u4e00-\u9fff]{{1,2}}"
             rf"|[\u4e00-\u9fff](?:[\u4e00-\u9fff][\u4e00-\u9fff&&[^{NOT_NAME}]]?"
             rf"|\s[\u4e00-\u9fff](?:\s[\u4e00-\u9fff&&[^{NOT_NAME}]])?))")  # also spaced: 王 小 明, 李 四
# common Japanese surnames (red team round 15: `驻厂QC佐藤确认`, a buyer's resident QC): a name after a label without a
# colon may be one, in simplified, traditional or Japanese forms (the surname only is masked: a given name in kanji
# after it cannot be told from the next word). Those that are common Chinese words or places are left out (中山,
# 清水, 山口, 山下, 小川, 金子, 高木, 平野, 福田, 太田, 小山, 大西); those starting with a Chinese surname (田中, 林,
# 高桥) are names by SURNAMES already
JAPANESE_SURNAMES = (
    "佐藤", "铃木", "鈴木", "高桥", "高橋", "伊藤", "渡边", "渡辺", "渡邊", "山本", "中村", "小林", "加藤", "吉田",
    "山田", "佐佐木", "佐々木", "松本", "井上", "木村", "斋藤", "斎藤", "齐藤", "斉藤", "齋藤", "山崎", "池田", "桥本",
    "橋本", "阿部", "石川", "中岛", "中島", "前田", "藤田", "后藤", "後藤", "近藤", "村上", "远藤", "遠藤", "青木",
    "坂本", "西村", "藤井", "冈田", "岡田", "冈本", "岡本", "藤原", "中野", "三浦", "原田", "松田", "竹内", "小野",
    "田村", "宫崎", "宮崎", "安藤", "宫本", "宮本", "大塚", "野口", "武田", "松井", "菅原", "木下", "久保", "佐野",
    "野村", "松尾", "菊地", "菊池", "杉本", "水野", "樱井", "桜井", "櫻井", "服部", "长谷川", "長谷川", "西田",
    "五十岚", "五十嵐", "森田", "内田", "柴田", "酒井", "横山", "宫田", "宮田", "今井", "工藤", "丸山", "杉山",
    "村田", "新井", "平田", "荒木", "大久保", "千叶", "千葉", "岩崎", "望月", "北川", "松下", "渡部")
JP_SURNAME = alternation(JAPANESE_SURNAMES)
# the same, starting with a common surname (a name after a label without a colon)
_CJK_SURNAMED = (rf"(?:{JP_SURNAME}|(?:{COMPOUND})[\u4e00-\u9fff]{{1,2}}"
                 rf"|[{SURNAMES}](?:[\u4e00-\u9fff][\u4e00-\u9fff&&[^{NOT_NAME}]]?"
                 rf"|\s[\u4e00-\u9fff](?:\s[\u4e00-\u9fff&&[^{NOT_NAME}]])?))")
# (also after an initial: `J. Smith`, red team B; or two: `J. R. Smith`, review)
_LATIN_NAME = r"(?:[A-Z]\.\s?){0,2}[A-Z][A-Za-z]+(?:\s[A-Z][A-Za-z]+)?"
# romanized surnames (pinyin, Cantonese): without a colon, a Latin name needs one (Lisa Chen, Lu Xiaofeng; not
# `QC Passed Polo`, `Contact Lens Cleaner`, `Sales Grade Methanol`)
_PINYIN = ("Wang|Li|Zhang|Liu|Chen|Yang|Huang|Zhao|Wu|Zhou|Xu|Sun|Ma|Zhu|Hu|Guo|He|Gao|Lin|Luo|Zheng|Liang|Xie|Song|"
           "Tang|Han|Feng|Deng|Cao|Peng|Zeng|Xiao|Tian|Dong|Yuan|Pan|Yu|Jiang|Cai|Du|Ye|Cheng|Su|Wei|Lu|Lv|Lyu|Ding|"
           "Ren|Shen|Yao|Jin|Fang|Shi|Tan|Liao|Zou|Xiong|Qiu|Qin|Jia|Hou|Xue|Yan|Duan|Lei|Bai|Hao|Kong|Mao|Qian|Gu|"
           "Meng|Dai|Mo|Kang|Wan|Qi|Shao|Tao|Yin|Niu|Hong|Bao|Wen|Chang|Geng|Zhan|Lai|Ou|Ouyang|Xia|Tong|Cui|Pang|"
           "Jiao|Ning|Shu|Fu|Hua|Bi|Zhai|Xiang|Gong|Zuo|Chan|Wong|Lee|Cheung|Chow|Ng|Leung|Lam|Lau|Tse|Yip|Tsang|"
           "Kwok|Chung|Fung|Yeung|Mak|Kwan|Choi|Tsui|Poon|Hui|Tam|Lo|Ho|Ko|Yue|Teng|Bo|Kuang|Rong|Jing")
PINYIN_WORD = rf"(?:{_PINYIN}|{_PINYIN.upper()})"
_LATIN_SURNAMED = rf"(?:{PINYIN_WORD}\s[A-Z][A-Za-z]+|[A-Z][a-z]+\s{PINYIN_WORD})([^A-Za-z]|$)"
# `联系人：`, `业务员/电话：`, and in JSON text `"联系人": "`
NAME_TRAILER = r"""(?:/(?:电话|手机|联系方式|(?i:tel|phone)))?(?:\s*[(（][^()（）]{1,12}[)）])?["'”」]?"""
OPEN_QUOTE = r"""["'“「]?"""
_LABELS = rf"(?i:(?:{ANY_LABEL})\s*)+{NAME_TRAILER}"
# JSON keys naming a person (red team round 12): their whole value is a name, whatever its script
JSON_PERSON_KEYS = ("姓名", "创建人", "处理人", "修改人", "最后修改人", "录入人", "制单人", "审核人", "审批人",
                    "经手人", "联系人", "负责人", "操作员", "操作人", "检验员", "质检员", "验货员", "业务员", "跟单员",
                    "签字人", "签收人", "收货人", "更新人", "提交人", "createdby", "created_by", "updatedby",
                    "updated_by", "modifiedby", "modified_by", "last_modified_by", "lastmodifiedby", "creator", "owner",
                    "operator", "contact", "inspector", "approver", "reviewer", "handler", "assignee", "auditor",
                    "user", "username", "staff", "employee", "person", "signer",
                    # the RuoYi ERP framework's audit keys (review round 12: `{"createBy": "张三丰"}`)
                    "createby", "create_by", "updateby", "update_by", "create_user", "update_user")
_JSON_PERSON = (f"(?:{'|'.join(w for w in JSON_PERSON_KEYS if not w.isascii())}"
                f"|(?i:{'|'.join(w for w in JSON_PERSON_KEYS if w.isascii())}))")
# (pattern, replacement) in turn: a colon after a label, then any name; no colon, a surnamed one (or after a title)
NAME_AFTER_LABEL = (
    (rf"({_LABELS}\s*[:：]\s*{OPEN_QUOTE}{_TITLE})(?:{_CJK_NAME}|{_LATIN_NAME})", "${1}[NAME]"),
    # after a colon, lower case too
    (rf"({_LABELS}\s*[:：]\s*{OPEN_QUOTE})[a-z]+(?:\s[a-z]+)?", "${1}[NAME]"),
    (rf"((?:{'|'.join(w for w in COLON_LABELS if not w.isascii())}){NAME_TRAILER}\s*[:：]\s*{OPEN_QUOTE})"
     rf"(?:{_CJK_SURNAMED}|{_LATIN_NAME})", "${1}[NAME]"),
    # an English word label (`PIC:`, `designer:`) before a romanized Chinese name only (not `designer: Zara Home`)
    (rf"((?i:{'|'.join(w for w in COLON_LABELS if w.isascii())}){NAME_TRAILER}\s*[:：]\s*{OPEN_QUOTE})"
     rf"(?:{_CJK_SURNAMED}|{_LATIN_SURNAMED})", "${1}[NAME]${2}"),
    (rf"({_LABELS}\s*{OPEN_QUOTE})(?:(?i:(?:mr|ms|mrs|miss)\.?\s*){_LATIN_NAME}|{_CJK_SURNAMED}|{_LATIN_SURNAMED})",
     "${1}[NAME]${2}"),
    # an English sign-off, colon or not, before a surname-shaped name only (not `Auditor: SGS Shanghai`)
    (rf"((?i:{'|'.join(SIGN_OFF_LABELS)}){NAME_TRAILER}\s*[:：]?\s*{OPEN_QUOTE}{_TITLE})(?:{_CJK_SURNAMED}|{_LATIN_SURNAMED})",
     "${1}[NAME]${2}"),
    # a name in brackets after the colon (`签字:(周迅)`): the bracket closes right after it
    (rf"({_LABELS}\s*[:：]\s*[(（【]\s*)(?:{_CJK_NAME}|{_LATIN_NAME})(\s*[)）】])", "${1}[NAME]${2}"),
    (rf"((?:{'|'.join(w for w in COLON_LABELS if not w.isascii())}){NAME_TRAILER}\s*[:：]\s*[(（【]\s*)"
     rf"(?:{_CJK_SURNAMED}|{_LATIN_NAME})(\s*[)）】])", "${1}[NAME]${2}"),
    # JSON text: the whole string value of a key naming a person, in any script (`{"createdBy": "Liu Yan"}`,
    # `{"operator_name": "Yang Mi"}`), and of a `name` key in an object under such a key (`{"contact": {"name":
    # "詹姆斯"}}`, `{"user": {"id": "A0123", "name": "赵丽颖"}}`); not a bracketed token (`"[PHONE]"`) nor a long text
    (rf"(\"{_JSON_PERSON}(?:[_ ]?(?i:name)|姓名)?\"\s*:\s*\")[^\"\[\]]{{1,40}}(\")", "${1}[NAME]${2}"),
    (rf"(\"{_JSON_PERSON}\"\s*:\s*\{{[^{{}}]*?\"(?:(?i:(?:full|display|real)?[_ ]?name)|姓名)\"\s*:\s*\")"
     r"[^\"\[\]]{1,40}(\")", "${1}[NAME]${2}"),
)
CLOSING_NAME = (r"((?:^|[^A-Za-z])(?i:best\s+regards|kind\s+regards|warm\s+regards|regards|best\s+wishes|best"
                r"|many\s+thanks|thanks|thank\s+you|cheers|sincerely|yours\s+sincerely|rgds)"
                r"[ \t]*(?:[,，][ \t]*\n?|\n)[ \t]*)"
                rf"(?:(?i:{_PINYIN})[ \t]+[A-Za-z]+|[A-Za-z]+[ \t]+(?i:{_PINYIN}))( *(?:$|[^A-Za-z ]))")
# roles and sign-offs written right after a full name (王建军厂长, 赵磊负责)
ROLES_AFTER_NAME = ("厂长", "主管", "经理", "总监", "主任", "组长", "班长", "负责", "签字", "签名", "签收")
_ROLE_STARTS = "".join(sorted({w[0] for w in ROLES_AFTER_NAME}))
# sign-off words after a romanized name (all of them literals of :data:`NAME_SIGNS`)
SIGN_OFF_AFTER_NAME = ("复核", "复检", "确认", "审核", "签字", "签名", "负责", "批准", "签收", "检验", "验货")
# titles after a bare surname that name one person in a plant (王厂长, 李主任, 张师傅): masked like 王经理
TITLES_AFTER_SURNAME = ("厂长", "主任", "主管", "总监", "组长", "班长", "科长", "部长", "师傅", "老师", "老板")
# a surname with a kinship word or 老/小 (red team round 14: `老板娘陈姐确认`, `老李说`, `小张签字`, `王哥确认`) where
# it reads as a person: before a verb of sign-off or speech, or after a role (老板娘, 联系人, ...); only the surname is
# masked (`[NAME]姐确认`, `老[NAME]说`), as with a title; `小张力`, `老化`, `帅哥` stay
NICKNAME_VERBS = ("确认", "签字", "签收", "签名", "负责", "同意", "反馈", "通知", "审核", "复核", "复检", "验货",
                  "批准", "回复", "跟进", "表示", "要求")
NICKNAME_ROLES = ("老板娘", "老板", "老总", "店长", "会计", "出纳", "仓管", "联系人", "负责人", "对接人", "业务员",
                  "跟单员", "跟单", "经办人", "司机")
_NICK_VERB = rf"(\s*(?:{'|'.join(NICKNAME_VERBS)}|说(?:[^明]|$)))"
_NICK_ROLE = rf"((?:{'|'.join(sorted(NICKNAME_ROLES, key=len, reverse=True))})\s*[:：]?\s*)"
# a name with its honorific (钱卫东先生定制款, 王先生收; not 韩版女士, 女士连衣裙), after a title (Ms. Gao Yuanyuan,
# Dr. Fang Lijun: a doctor only with a Chinese surname, not Dr. Martens), beside a staff number (工号A0123 蒋雯丽), and
# a surname with a role (李工复核, 王经理, 张总确认; not 施工, 黄工装, 汇总)
NAME_WITH_TITLE = (
    (rf"(?:(?:{COMPOUND})[\u4e00-\u9fff]{{1,2}}|[{SURNAMES}](?:[\u4e00-\u9fff][\u4e00-\u9fff&&[^{NOT_NAME}]]?)?)"
     r"(先生|女士|小姐)([^款装系衬裤鞋连外上内睡包表长短套裙衫服帽袜用]|$)", "[NAME]${1}${2}"),
    # `Ms. Gao Yuanyuan`; without the period a romanized Chinese name only (not `Mr Bean print T-shirt`)
    (r"(^|[^A-Za-z])((?:Mr|Ms|Mrs|MR|MS|MRS)\.\s*)[A-Z][A-Za-z]+(?:\s[A-Z][A-Za-z]+)?", "${1}${2}[NAME]"),
    (rf"(^|[^A-Za-z])((?:Mr|Ms|Mrs|MR|MS|MRS)\s+)(?:{_LATIN_SURNAMED})", "${1}${2}[NAME]${3}"),
    (rf"(^|[^A-Za-z])((?:Dr|Miss)(?:\.\s*|\s+))(?:{_LATIN_SURNAMED}|{PINYIN_WORD}([^A-Za-z]|$))",
     "${1}${2}[NAME]${3}${4}"),
    (r"((?:工号|(?:员工|职工)编号)\s*[:：]?\s*)[A-Za-z]{0,2}\d{3,8}", "${1}[ID]"),   # 员工编号 E0123 黄晓明
    (rf"((?:工号|(?:员工|职工)编号)\s*[:：]?\s*\[ID\][\s,，、:：/-]*)(?:{_CJK_NAME})", "${1}[NAME]"),
    (rf"[{SURNAMES}](经理|总|工)([^\u4e00-\u9fff]|$|[复确负审签说要同已的核检验跟催])", "[NAME]${1}${2}"),
    # a surname with a plant's title (red team round 13: 王厂长签字, 请刘主任确认; :data:`TITLES_AFTER_SURNAME`) where
    # no word runs into the surname (not 电商主管, 白班长: a word before it, or one of NOT_NAME_WORDS)
    (rf"(^|[^\u4e00-\u9fff\x01]|[请找由交给让和与及被向跟问叫等])[{SURNAMES}]({'|'.join(TITLES_AFTER_SURNAME)})",
     "${1}[NAME]${2}"),
    # a full name before a role or sign-off word (王建军厂长签字, 李娜主管复核, 由赵磊负责打样) or a masked phone
    # (样品请找王建军[PHONE], 刘德华([PHONE])); words that start with a surname (项目经理, 董事长签字, 高管) are split
    # (the given name holds no role word's first character: not 王厂长签字, 电商主管签字)
    (rf"(?:(?:{COMPOUND})[\u4e00-\u9fff]{{1,2}}"
     rf"|[{SURNAMES}][\u4e00-\u9fff&&[^{_ROLE_STARTS}]][\u4e00-\u9fff&&[^{NOT_NAME}{_ROLE_STARTS}]]?)"
     rf"(\s?[(（]?(?:{'|'.join(ROLES_AFTER_NAME)})|\s*[(（]?\s*\[PHONE\])", "[NAME]${1}"),
    # the addressee after an address, before 收 (red team round 14 B: `寄到 浙江省杭州市西湖区文三路90号 张伟收`)
    (rf"(\[ADDRESS\][\s,，]*)(?:{_CJK_SURNAMED})(\s*收)", "${1}[NAME]${2}"),
    # a romanized Chinese name before a sign-off word (red team B: `由Wang Fang复核`)
    (rf"(^|[^A-Za-z])(?:{PINYIN_WORD}\s[A-Z][a-z]+|[A-Z][a-z]+\s{PINYIN_WORD})(\s?(?:{'|'.join(SIGN_OFF_AFTER_NAME)}))",
     "${1}[NAME]${2}"),
)
# a surname with a kinship word or 老/小 (:data:`NICKNAME_VERBS`, :data:`NICKNAME_ROLES`), after NAME_WITH_TITLE on
# the texts holding 老, 小, 姐 or 哥 (one of which stands in every match)
NICKNAMES = (
    (rf"([老小])[{SURNAMES}]{_NICK_VERB}", "${1}[NAME]${2}"),
    (rf"[{SURNAMES}]([姐哥]){_NICK_VERB}", "[NAME]${1}${2}"),
    (rf"{_NICK_ROLE}([老小])[{SURNAMES}]", "${1}${2}[NAME]"),
    (rf"{_NICK_ROLE}[{SURNAMES}]([姐哥])", "${1}[NAME]${2}"),
)
# the same name in Chinese after a masked one and a space (red team B: `sales: Chen Hui 陈慧` left 陈慧): a surnamed
# name of two or three characters ending its word (also in brackets: `sales: Chen Hui（陈慧）`, review)
NAME_BESIDE_NAME = rf"(\[NAME\]\s+|\[NAME\]\s*[(（]\s*)[{SURNAMES}][\u4e00-\u9fff]{{1,2}}($|[^\u4e00-\u9fff])"
# a full name after `找` right after a number or a masked phone (red team round 15: `有问题打 2368 找王建国`, an
# extension, then whom to ask for): a bare 找 is no label (`找平`, `找色` are a dyer's words, `找钱` a till's), and
# after a number only a surnamed name of two or three characters follows it (not 钱, 齐, 方, 毛, 关: `100找钱给客户`,
# `找齐`, `找方法`); on the texts holding a `找` (:data:`FIND_GATE` in the row gate)
NAME_AFTER_NUMBER = (rf"((?:\d|\[PHONE\])\s*找\s*)(?:{JP_SURNAME}|(?:{COMPOUND})[\u4e00-\u9fff]{{1,2}}"
                     rf"|[{SURNAMES}&&[^钱齐方毛关]][\u4e00-\u9fff][\u4e00-\u9fff&&[^{NOT_NAME}]]?)")
FIND_GATE = r"\d\s*找"
# the literals the title patterns need: a surname with its role (王经理, 张总, 李工: not 总重, 加工); titles as cased
TITLE_WORDS = ["先生", "女士", "小姐", "工号", "员工编号", "职工编号", *TITLES_AFTER_SURNAME,
               *(c + role for c in SURNAMES for role in ("经理", "总", "工", "姐", "哥")),
               *(old + c for c in SURNAMES for old in ("老", "小"))]
TITLES_CASED = ["Mr", "Ms", "MR", "MS", "Dr", "Miss"]
# more names listed after a masked one: 联系人：[NAME]、郑爽
NAME_AFTER_NAME = rf"(\[NAME\]\s*[、/,，&和及]\s*)(?:{_CJK_NAME}|{_LATIN_NAME})"
# contact words that may follow a name (李晓红，微信：...): split (by \x01, removed after) so they read as no name
CONTACT_WORDS = r"(微|电|手|邮|地|传|座)(信|话|机|箱|址|真)"
SPLIT_NOT_NAME_WORDS = [w[0] + "\x01" + w[1:] for w in NOT_NAME_WORDS]
# every literal that one of the name patterns needs: the regexes run only on the texts holding one. An English JSON
# key only matches quoted (`"user": "..."`), so it enters as `"user` with its quote: bare, `user friendly`, `personal
# care` and `Staff uniform` passed the row gate (gate share 38.5% -> 71.5% of synthetic descriptions, scrubbing twice
# as slow)
NAME_SIGNS = sorted({w.replace("\x01", "") for w in (*LABELS, *COLON_LABELS, *SIGN_OFF_LABELS, *ROLES_AFTER_NAME,
                                                     *CLOSING_WORDS,
                                                     "[PHONE]", "[ADDRESS]",
                                                     *(w if not w.isascii() else '"' + w for w in JSON_PERSON_KEYS))})


# two-character words that are names too (高雅, 江南, 安全): a known name that is one is masked only where it reads as
# a name (alone in its cell, after a label, before a role or sign-off word or a phone, beside another masked name)
COMMON_WORD_NAMES = frozenset({w for w in NOT_NAME_WORDS if len(w) == 2} | {
    "高雅", "优雅", "典雅", "文雅", "雅致", "秀丽", "华丽", "高贵", "温柔", "温暖", "安全", "平安", "和平", "文明",
    "海洋", "阳光", "白雪", "蓝天", "白云", "朝阳", "明月", "宁静", "安静", "健康", "吉祥", "如意", "富贵", "经典",
    "自然", "清新", "方正", "甜美", "牡丹", "玫瑰", "茉莉", "百合", "丁香", "金秋", "春天", "秋天", "冬天", "常青",
    "永恒", "时光", "时代", "风尚", "风采", "潮流", "白金", "钻石", "水晶", "珍珠", "翡翠", "宝石", "黑色", "红色",
    "银色", "紫色", "江山", "长江", "黄河", "高山", "高峰", "田野", "向阳", "成功", "胜利", "和谐", "幸福", "快乐"})
# what may follow such a name where it is one (周杰、江南复检; 联系人 江南 [PHONE])
NAME_NEXT = "|".join((*ROLES_AFTER_NAME, "复检", "复核", "确认", "检验", "抽检", "验货", "审核", "批准", "反馈",
                       "同意", "先生", "女士", "小姐", "说"))
# characters that start the next word after a two-character name rather than end a longer one (王芳复检, 张伟反馈,
# 王芳明天): a known two-character name before any other Chinese character is masked with it (周杰伦同款 ->
# [NAME]同款, not [NAME]伦同款)
NAME_STOPS = (NOT_NAME + "反说同来去到要也都又还再让把被给对向从跟打做看发收送取拿找问回提报填记写查测改换返补退交接"
               "领用等们老师工主厂总组班现今明昨早晚上下午前后中内外全共一二三四五六七八九十每各该此这那有无没不未很"
               "非只就才刚正车样面布货批单款件色线针袖领口意建安通邮微团名认觉表指称订定核量拍帮协陪带告沟答修更调决"
               "选挑买卖采设制穿试或会能可应需之按")
