from __future__ import annotations

from pathlib import Path

import pytest

from index.pairs import TermPair, mine_pairs, trim_term

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def pairs(text: str) -> set[tuple[str, str]]:
    return {(p.en, p.zh) for p in mine_pairs(text)}


def test_full_form_and_acronym_both_paired_with_the_title():
    got = pairs("2018年美国政府通过《国家量子倡议法案》(National Quantum Initiative Act, NQI),明确提出")
    assert got == {
        ("national quantum initiative act", "国家量子倡议法案"),
        ("nqi", "国家量子倡议法案"),
    }


def test_full_width_and_ascii_parentheses():
    assert pairs("欧洲量子产业联盟（QuIC）成立") == {("quic", "欧洲量子产业联盟")}
    assert pairs("欧洲量子产业联盟 (QuIC) 成立") == {("quic", "欧洲量子产业联盟")}


def test_english_before_chinese_in_parentheses():
    got = pairs("授权NIST(国家标\n\n  准技术研究院)、NSF(国家科学基金委)和DOE(能源部)发挥专项职能")
    assert got == {("nist", "国家标准技术研究院"), ("nsf", "国家科学基金委"), ("doe", "能源部")}


def test_term_stops_at_particles_and_verbs():
    assert pairs("支持成立了QED-C,由斯坦福国际研究院(SRI International)负责") == {
        ("sri international", "斯坦福国际研究院")
    }
    assert pairs("美国马里兰大学成立了中大西洋量子联盟(Mid-Atlantic Quantum Alliance, MQA)") == {
        ("mid-atlantic quantum alliance", "中大西洋量子联盟"),
        ("mqa", "中大西洋量子联盟"),
    }
    assert pairs("同时建立5个国家量子信息科学(QIS)研究中心") == {("qis", "国家量子信息科学")}


def test_and_inside_a_name_is_kept_when_the_english_says_and():
    got = pairs("2019年美国国家标准与技术研究院(National Institute of Standards and Technology, NIST)")
    assert ("nist", "美国国家标准与技术研究院") in got
    assert pairs("英国量子联盟和欧洲量子产业联盟(QuIC)") == {("quic", "欧洲量子产业联盟")}


def test_chinese_term_before_a_line_break():
    assert pairs("日本有3家量子生态中心,分别为量子技术创新中心\n(Quantum Technology Innovation Hubs)、") == {
        ("quantum technology innovation hubs", "量子技术创新中心")
    }


def test_no_pair_from_measurements_codes_or_links():
    assert pairs("实现了突破(10 mK以下),相比") == set()
    assert pairs("研究”(2021-hjs-019)的成果") == set()
    assert pairs("见报告(https://example.org/report.pdf)") == set()
    assert pairs("English text (with English inside) only") == set()


def test_english_parts_stop_at_the_first_chinese_part():
    assert pairs("对标美国 IBM 公司的量子产业联盟(IBM Q Network, 2017 年成立,目标是推动)") == {
        ("ibm q network", "量子产业联盟")
    }


def test_pairs_are_unique_and_in_order():
    text = "能源部(DOE)以及能源部(DOE)"
    assert mine_pairs(text) == [TermPair("doe", "能源部")]


def test_trim_keeps_a_long_name_within_bounds():
    assert trim_term("按上述标准统计美国总共有芝加哥量子交易所", ["Chicago Quantum Exchange"]) == "芝加哥量子交易所"
    assert trim_term("的", ["x"]) == ""


@pytest.mark.skipif(not SEEDS.is_dir(), reason="seeds not present")
def test_seed_articles_give_the_pairs_they_state():
    found = set()
    for path in SEEDS.glob("*.txt"):
        found |= pairs(path.read_text(encoding="utf-8"))
    for expected in [
        ("nqi", "国家量子倡议法案"),
        ("sri international", "斯坦福国际研究院"),
        ("doe", "能源部"),
        ("quantum technology innovation hubs", "量子技术创新中心"),
        ("defense advanced research projects agency", "国防高级研究计划局"),
        ("quantum economic development consortium", "美国量子经济发展联盟"),
    ]:
        assert expected in found


def test_a_remark_in_parentheses_is_not_a_translation():
    text = ("如果只是用 aptitude（它不访问源代码相关的元数据），那一行可以删掉。"
            "能源部(DOE)和 ESIX（量子科学经济和安全影响小组委员会）")
    pairs = {(p.en, p.zh) for p in mine_pairs(text)}
    assert not any(en == "aptitude" for en, _ in pairs)
    assert ("esix", "量子科学经济和安全影响小组委员会") in pairs  # a name joined by 和 is still one


def test_a_term_before_its_acronym_starts_after_a_light_verb():
    pairs = {(p.en, p.zh) for p in mine_pairs("Debian 默认使用用户私人组（UPG）。它的名字就是进程标识符（PID）。")}
    assert ("upg", "用户私人组") in pairs and ("pid", "进程标识符") in pairs
