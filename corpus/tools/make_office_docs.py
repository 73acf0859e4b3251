#!/usr/bin/env python3
"""Builds the sample Word (.docx) and OpenDocument (.odt) files of the DMKM corpus.

Standard library only: the packages are zip files of hand-written XML. Output is deterministic
(fixed zip timestamps, fixed entry order, fixed permissions), so running the script twice gives
byte-identical files:

    python3 corpus/tools/make_office_docs.py            # writes corpus/docx/*.docx, corpus/odt/*.odt
    python3 corpus/tools/make_office_docs.py --check    # exits 1 if a committed file differs

The document texts live in this file (DOCUMENTS below). They were written for DMKM; persons,
places and numbers are invented. Sidecars (NAME.meta.yaml) are written by hand, not here.
"""

import argparse
import os
import sys
import zipfile
from xml.sax.saxutils import escape

CORPUS = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ZIP_TIME = (2024, 1, 1, 0, 0, 0)

# A document is a dict of metadata plus "blocks": (kind, payload) with kind one of
# title, h1, h2, p, li, table (payload = list of rows, first row is the header).
DOCUMENTS = [
    # ------------------------------------------------------------------ DOCX
    dict(
        file="docx/quality-brushing-schools-2565.docx",
        title="โรงเรียนแปรงฟันคุณภาพ: ยกระดับการแปรงฟันหลังอาหารกลางวันในโรงเรียนประถมศึกษา",
        subject="ผลงานสมัครรางวัลเลิศรัฐ สาขาบริการภาครัฐ ปี 2567",
        authors=["สุนันทา พึ่งบุญ", "ไพโรจน์ แก้วกาญจนา"],
        keywords=["แปรงฟันคุณภาพ", "การแปรงฟัน", "โรงเรียนประถมศึกษา", "รางวัลเลิศรัฐ", "TPSA"],
        description="การยกระดับการแปรงฟันหลังอาหารกลางวันในโรงเรียนด้วยเกณฑ์แปรงฟันคุณภาพ 5 องค์ประกอบ",
        created="2022-11-15T09:00:00Z", language="th-TH",
        blocks=[
            ("title", "โรงเรียนแปรงฟันคุณภาพ: ยกระดับการแปรงฟันหลังอาหารกลางวันในโรงเรียนประถมศึกษา"),
            ("p", "สุนันทา พึ่งบุญ, ไพโรจน์ แก้วกาญจนา — กลุ่มส่งเสริมทันตสุขภาพเด็กและเยาวชน สำนักทันตสาธารณสุข พ.ศ. 2565"),
            ("h1", "บทคัดย่อ"),
            ("p", "โรงเรียนประถมศึกษาส่วนใหญ่จัดกิจกรรมแปรงฟันหลังอาหารกลางวันมานานกว่า 20 ปี แต่การประเมินพบว่าการแปรงฟันจำนวนมากเป็นเพียงพิธีกรรม "
                  "นักเรียนแปรงไม่ถึง 1 นาที ใช้ยาสีฟันไม่มีฟลูออไรด์ และบ้วนน้ำหลายครั้ง สำนักทันตสาธารณสุขจึงพัฒนาเกณฑ์ \"แปรงฟันคุณภาพ\" 5 องค์ประกอบ "
                  "ได้แก่ แปรงทุกวัน แปรงนาน 2 นาที ใช้ยาสีฟันผสมฟลูออไรด์ 1,000 ppm ขึ้นไป แปรงแห้งไม่บ้วนน้ำ และมีการตรวจความสะอาด "
                  "ดำเนินการในโรงเรียน 1,486 แห่ง ใน 31 จังหวัด ปีการศึกษา 2564–2565 โรงเรียนที่ผ่านเกณฑ์ครบ 5 องค์ประกอบเพิ่มจากร้อยละ 12.6 เป็นร้อยละ 64.3 "
                  "คราบจุลินทรีย์เฉลี่ยของนักเรียนลดลงจาก 1.68 เป็น 1.05 และฟันผุระยะเริ่มต้นที่ลุกลามเป็นรูลดลงร้อยละ 31.5 เมื่อเทียบกับโรงเรียนที่ยังไม่ผ่านเกณฑ์"),
            ("h1", "ความเป็นมาและสภาพปัญหา"),
            ("p", "ผลการสำรวจสภาวะสุขภาพช่องปากพบว่าเด็กอายุ 12 ปีมีฟันผุมากกว่าครึ่ง และเหงือกอักเสบเกือบสองในสาม แม้โรงเรียนร้อยละ 90 รายงานว่ามีกิจกรรมแปรงฟัน "
                  "การสังเกตในโรงเรียน 120 แห่งพบว่านักเรียนแปรงฟันเฉลี่ยเพียง 48 วินาที โรงเรียนร้อยละ 37 ใช้ยาสีฟันที่ผู้ปกครองซื้อให้ซึ่งหลายยี่ห้อไม่มีฟลูออไรด์ "
                  "และครูไม่มีเครื่องมือตรวจว่านักเรียนแปรงสะอาดหรือไม่ ปัญหาไม่ได้อยู่ที่การไม่มีกิจกรรม แต่อยู่ที่คุณภาพของกิจกรรม"),
            ("h1", "แนวคิดและการออกแบบบริการ"),
            ("li", "แปรงทุกวันเปิดเรียน หลังอาหารกลางวัน พร้อมกันทั้งชั้น"),
            ("li", "แปรงนาน 2 นาที ใช้เพลงหรือนาฬิกาจับเวลา"),
            ("li", "ใช้ยาสีฟันผสมฟลูออไรด์ 1,000–1,500 ppm โรงเรียนจัดหาเองหรือองค์กรปกครองส่วนท้องถิ่นสนับสนุน"),
            ("li", "แปรงแห้ง: บีบยาสีฟันเท่าความกว้างของแปรง แปรงแล้วบ้วนฟองทิ้ง ไม่บ้วนน้ำตาม"),
            ("li", "ตรวจความสะอาดเดือนละครั้งด้วยเม็ดสีย้อมฟันโดยแกนนำนักเรียน และรายงานผลให้ครูประจำชั้น"),
            ("p", "ทันตาภิบาลประเมินโรงเรียนด้วยแบบประเมิน 5 ข้อ ทุกภาคเรียน ข้อมูลบันทึกผ่านแบบฟอร์มออนไลน์ และแสดงผลบนแดชบอร์ดระดับอำเภอ "
                  "โรงเรียนที่ผ่านครบ 5 ข้อได้รับป้าย \"โรงเรียนแปรงฟันคุณภาพ\" และมีการแลกเปลี่ยนเรียนรู้ระหว่างโรงเรียนผ่านชุมชนนักปฏิบัติของครูอนามัย"),
            ("h1", "ผลการดำเนินงาน"),
            ("table", [
                ["ตัวชี้วัด", "ปีการศึกษา 2563", "ปีการศึกษา 2565"],
                ["โรงเรียนผ่านเกณฑ์ครบ 5 องค์ประกอบ (ร้อยละ)", "12.6", "64.3"],
                ["นักเรียนแปรงนาน 2 นาที (ร้อยละ)", "24.1", "78.5"],
                ["ใช้ยาสีฟันผสมฟลูออไรด์ 1,000 ppm ขึ้นไป (ร้อยละ)", "63.0", "96.2"],
                ["คราบจุลินทรีย์เฉลี่ย", "1.68", "1.05"],
                ["เหงือกอักเสบ (ร้อยละ)", "61.7", "42.8"],
            ]),
            ("p", "ค่าใช้จ่ายเพิ่มเติมเฉลี่ย 45 บาทต่อนักเรียนต่อปี ส่วนใหญ่เป็นค่ายาสีฟันและเม็ดสีย้อมฟัน องค์กรปกครองส่วนท้องถิ่น 412 แห่งสนับสนุนงบประมาณ "
                  "ครูร้อยละ 89.4 เห็นว่ากิจกรรมไม่เพิ่มภาระมากนัก และนักเรียนร้อยละ 91.0 ชอบการตรวจความสะอาดด้วยสีย้อมฟัน"),
            ("h1", "ความยั่งยืนและการขยายผล"),
            ("p", "เกณฑ์แปรงฟันคุณภาพถูกบรรจุเป็นองค์ประกอบของโรงเรียนส่งเสริมสุขภาพระดับเพชร และสำนักงานเขตพื้นที่การศึกษาใช้ประเมินโรงเรียนในสังกัด "
                  "ผลงานนี้ได้รับรางวัลเลิศรัฐ สาขาบริการภาครัฐ ประเภทพัฒนาการบริการ ประจำปี 2567"),
            ("p", "คำสำคัญ: แปรงฟันคุณภาพ, การแปรงฟันหลังอาหารกลางวัน, โรงเรียนประถมศึกษา, ยาสีฟันผสมฟลูออไรด์, รางวัลเลิศรัฐ"),
        ],
    ),
    dict(
        file="docx/tpsa-2568-elderly-service-draft.docx",
        title="ร่างเอกสารสมัครรางวัลเลิศรัฐ 2568: บริการทันตกรรมผู้สูงอายุเชื่อมโยงชุมชน \"ฟันดีวัยเก๋า\"",
        subject="ร่างใบสมัครรางวัลเลิศรัฐ สาขาบริการภาครัฐ (เอกสารภายใน)",
        authors=["มณีรัตน์ สุขประเสริฐ", "ศักดิ์ชัย วงศ์ทอง"],
        keywords=["รางวัลเลิศรัฐ", "TPSA", "ผู้สูงอายุ", "บริการทันตกรรม", "เอกสารภายใน"],
        description="ร่างใบสมัครรางวัลเลิศรัฐ ยังไม่ผ่านการพิจารณาของผู้บริหาร รหัส INTERNALONLYALPHA",
        created="2024-12-20T08:30:00Z", language="th-TH",
        blocks=[
            ("title", "ร่างเอกสารสมัครรางวัลเลิศรัฐ ประจำปี 2568 สาขาบริการภาครัฐ: บริการทันตกรรมผู้สูงอายุเชื่อมโยงชุมชน \"ฟันดีวัยเก๋า\""),
            ("p", "สถานะ: ฉบับร่างครั้งที่ 2 (เอกสารภายใน ห้ามเผยแพร่) รหัสติดตามเอกสาร INTERNALONLYALPHA"),
            ("p", "ผู้จัดทำ: มณีรัตน์ สุขประเสริฐ, ศักดิ์ชัย วงศ์ทอง กลุ่มส่งเสริมทันตสุขภาพวัยทำงานและผู้สูงอายุ"),
            ("h1", "1. สรุปผลงาน (ไม่เกิน 1 หน้า)"),
            ("p", "\"ฟันดีวัยเก๋า\" เป็นรูปแบบบริการทันตกรรมผู้สูงอายุที่เชื่อมโรงพยาบาลชุมชน รพ.สต. ชมรมผู้สูงอายุ และผู้ดูแลผู้สูงอายุ (Caregiver) เข้าด้วยกัน "
                  "ผู้สูงอายุทุกคนได้รับการประเมินสุขภาพช่องปากปีละครั้งที่ชมรมหรือที่บ้าน จัดกลุ่มตามความเสี่ยงเป็นสีเขียว เหลือง แดง "
                  "กลุ่มเหลืองได้รับบริการป้องกันที่ รพ.สต. เช่น ขูดหินน้ำลาย ทาฟลูออไรด์วานิชป้องกันรากฟันผุ กลุ่มแดงได้รับการส่งต่อเพื่อรักษาหรือใส่ฟันเทียม "
                  "ผ่านช่องทางด่วนที่โรงพยาบาลชุมชน ทดลองใช้ใน 22 อำเภอ ปีงบประมาณ 2566–2567"),
            ("h1", "2. ผลลัพธ์ที่เกิดขึ้น (ตัวเลขเบื้องต้น รอยืนยัน)"),
            ("table", [
                ["ตัวชี้วัด", "ก่อนดำเนินการ", "หลังดำเนินการ"],
                ["ผู้สูงอายุได้รับการตรวจช่องปาก (ร้อยละ)", "19.8", "52.4"],
                ["ผู้สูงอายุกลุ่มแดงได้รับการรักษาภายใน 3 เดือน (ร้อยละ)", "31.5", "68.0"],
                ["ระยะเวลารอใส่ฟันเทียม (มัธยฐาน เดือน)", "8", "4"],
                ["ผู้สูงอายุมีฟันใช้งานอย่างน้อย 20 ซี่หรือมีฟันเทียมทดแทน (ร้อยละ)", "55.3", "63.9"],
            ]),
            ("h1", "3. ประเด็นที่ยังต้องแก้ไขก่อนส่ง"),
            ("li", "ข้อมูลผลลัพธ์ของ 6 อำเภอยังไม่ครบ ต้องตรวจสอบกับระบบรายงานอีกครั้ง"),
            ("li", "ต้องเพิ่มหลักฐานการมีส่วนร่วมของประชาชน เช่น ภาพเวทีประชาคมและความเห็นของชมรมผู้สูงอายุ"),
            ("li", "ต้องเขียนความแตกต่างจากโครงการฟันเทียมพระราชทานให้ชัด เพื่อไม่ให้กรรมการมองว่าเป็นงานเดิม"),
            ("li", "ผู้บริหารยังไม่ได้อนุมัติให้ใช้ชื่อหน่วยงานร่วมของโรงพยาบาลนำร่อง 3 แห่ง"),
            ("h1", "4. ความคิดเห็นของผู้ตรวจร่าง"),
            ("p", "ผลงานมีจุดเด่นด้านการเชื่อมโยงบริการตั้งแต่ชุมชนถึงโรงพยาบาล แต่ควรเน้นนวัตกรรมของกระบวนการจัดกลุ่มความเสี่ยงสามสีและช่องทางด่วน "
                  "ควรเพิ่มข้อมูลต้นทุนต่อผู้สูงอายุหนึ่งคน และเรื่องเล่าของผู้รับบริการอย่างน้อย 2 ราย กำหนดส่งร่างสุดท้ายให้คณะทำงานรางวัลภายในสิ้นเดือนมกราคม "
                  "เอกสารฉบับนี้ยังไม่ใช่ฉบับที่ส่งสำนักงาน ก.พ.ร. และยังไม่ได้ตรวจสอบข้อมูลส่วนบุคคลของผู้รับบริการในภาคผนวก"),
            ("h1", "5. ภาคผนวกที่ต้องแนบ"),
            ("p", "แผนผังการไหลของบริการ (service blueprint) ภาพกิจกรรมในชมรมผู้สูงอายุ หนังสือรับรองจากองค์กรปกครองส่วนท้องถิ่น และสรุปผลความพึงพอใจของผู้สูงอายุ 640 คน "
                  "ซึ่งมีคะแนนเฉลี่ย 4.61 จาก 5 คะแนน"),
        ],
    ),
    dict(
        file="docx/dental-workforce-distribution-2021.docx",
        title="Distribution of dental nurses and dentists in primary care: gaps and options for sub-district health promoting hospitals",
        subject="Dental workforce analysis, primary health care",
        authors=["Chayanin Phuangmala", "Boonsong Rakthai"],
        keywords=["dental workforce", "dental nurse", "primary care", "health promoting hospital", "human resources for health"],
        description="Analysis of the 2020 workforce register showing where dental nurses and dentists serve in primary care and options to close gaps.",
        created="2021-05-10T10:00:00Z", language="en-US",
        blocks=[
            ("title", "Distribution of dental nurses and dentists in primary care: gaps and options for sub-district health promoting hospitals"),
            ("p", "Chayanin Phuangmala, Boonsong Rakthai. Dental Public Health System Development Group, Bureau of Dental Public Health, 2021."),
            ("h1", "Abstract"),
            ("p", "Sub-district health promoting hospitals (SHPHs) are the first point of contact for preventive oral health care in rural "
                  "Thailand. Using the 2020 national health workforce register, we analysed the distribution of dental nurses and dentists "
                  "across 9,806 SHPHs. Only 47.3% of SHPHs had a full-time dental nurse, and 12.1% were served by a visiting dentist at least "
                  "once a week. The population per dental nurse ranged from 4,820 in the best-served health region to 11,350 in the worst. "
                  "SHPHs without a dental nurse delivered 63% fewer fluoride varnish applications and 58% fewer sealants per 1,000 children. "
                  "We propose a hub-and-spoke model in which one dental nurse covers two or three neighbouring SHPHs with a portable unit, "
                  "targeted scholarships for local students, and task sharing with trained village health volunteers for screening."),
            ("h1", "Introduction"),
            ("p", "Thailand trains dental nurses (ทันตาภิบาล) in two-year and four-year programmes to provide prevention, simple fillings and "
                  "extractions in primary care. Since 2009 the policy has been one dental nurse for every SHPH, but recruitment has not kept "
                  "pace with the number of facilities, and the transfer of many SHPHs to provincial administrative organisations from 2023 "
                  "raises new questions about staffing. Reliable evidence on where staff are, and how staffing affects services, is needed."),
            ("h1", "Methods"),
            ("p", "We linked the workforce register with facility data and with service records from the Health Data Center for fiscal year "
                  "2020. Indicators were the presence of a full-time dental nurse, visiting dentist sessions per week, population per dental nurse, "
                  "and rates of fluoride varnish, sealant and oral examination services. Differences were tested with negative binomial "
                  "regression adjusting for catchment population and remoteness."),
            ("h1", "Results"),
            ("table", [
                ["Health region group", "SHPHs", "With full-time dental nurse (%)", "Population per dental nurse"],
                ["North", "2,581", "55.2", "4,820"],
                ["Northeast", "3,712", "41.3", "11,350"],
                ["Central and East", "2,148", "49.8", "6,940"],
                ["South", "1,365", "45.0", "8,210"],
                ["All", "9,806", "47.3", "7,530"],
            ]),
            ("p", "Remote SHPHs were less likely to have a dental nurse (odds ratio 0.61). Where a dental nurse was present, preventive service "
                  "rates were consistently higher: 214 versus 79 fluoride varnish applications per 1,000 children under three, and 388 versus "
                  "163 sealed children per 1,000 grade 1 pupils. One in five dental nurses was aged over 50, signalling retirements ahead."),
            ("h1", "Options and recommendations"),
            ("p", "Three options were costed. A hub-and-spoke network would raise the share of children covered by a dental nurse to 78% at "
                  "modest cost. Local recruitment through scholarships improves retention in the Northeast but takes four years to yield staff. "
                  "Task sharing with volunteers for screening frees dental nurse time for clinical prevention. A mix of the three is recommended, "
                  "with workforce data reviewed every year by each health region."),
            ("p", "Keywords: dental workforce, dental nurse, primary care, sub-district health promoting hospital, equity"),
        ],
    ),
    dict(
        file="docx/km-action-plan-2567.docx",
        title="แผนปฏิบัติการจัดการความรู้ (KM Action Plan) สำนักทันตสาธารณสุข ปีงบประมาณ 2567",
        subject="Knowledge management action plan FY2024 (internal)",
        authors=["กลุ่มพัฒนาองค์กรและการจัดการความรู้", "Jaruwan Tepsuwan"],
        keywords=["การจัดการความรู้", "KM action plan", "PMQA", "ชุมชนนักปฏิบัติ", "internal"],
        description="แผนปฏิบัติการจัดการความรู้ประจำปี ใช้ภายในสำนัก รหัส INTERNALONLYBRAVO",
        created="2023-10-05T09:00:00Z", language="th-TH",
        blocks=[
            ("title", "แผนปฏิบัติการจัดการความรู้ (KM Action Plan) ปีงบประมาณ 2567"),
            ("p", "เอกสารภายใน — Internal use only. Document code INTERNALONLYBRAVO"),
            ("p", "จัดทำโดย กลุ่มพัฒนาองค์กรและการจัดการความรู้ (Jaruwan Tepsuwan, KM facilitator)"),
            ("h1", "1. องค์ความรู้ที่จำเป็น (Critical knowledge)"),
            ("p", "จากการวิเคราะห์ยุทธศาสตร์และเกณฑ์ PMQA หมวด 4 คณะทำงาน KM กำหนดองค์ความรู้ที่จำเป็นต่อพันธกิจ 3 เรื่อง ได้แก่ "
                  "(1) การจัดบริการฟลูออไรด์วานิชในศูนย์พัฒนาเด็กเล็กให้ครอบคลุม (2) การติดตามผู้สูงอายุหลังใส่ฟันเทียม และ "
                  "(3) การเขียนผลงานเพื่อสมัครรางวัลเลิศรัฐและ UNPSA ซึ่งเป็นความรู้ที่อยู่กับบุคลากรไม่กี่คนและมีความเสี่ยงสูญหายเมื่อเกษียณ"),
            ("h1", "2. KM process and activities"),
            ("table", [
                ["ขั้นตอน KM process", "กิจกรรม", "ระยะเวลา", "ตัวชี้วัด"],
                ["Knowledge identification", "ประชุมทบทวน critical knowledge กับหัวหน้ากลุ่ม", "ต.ค.–พ.ย. 2566", "รายการองค์ความรู้ 3 เรื่อง"],
                ["Knowledge creation", "CoP 3 กลุ่ม ประชุมออนไลน์ทุกเดือน", "ธ.ค. 2566–ก.ค. 2567", "ผลผลิตอย่างน้อยกลุ่มละ 2 ชิ้น"],
                ["Knowledge capture", "ถอดบทเรียนด้วย AAR และ storytelling", "มี.ค.–มิ.ย. 2567", "บันทึกบทเรียน 30 ชิ้น"],
                ["Knowledge sharing", "KM Day และ KM Café รายไตรมาส", "ส.ค. 2567", "ผู้เข้าร่วม 300 คน"],
                ["Knowledge storage", "นำเข้าระบบคลังความรู้ DMKM พร้อมคำสำคัญไทย/อังกฤษ", "ก.ย. 2567", "ร้อยละ 90 ของผลงาน"],
            ]),
            ("h1", "3. Budget and resources"),
            ("p", "งบประมาณรวม 385,000 บาท แบ่งเป็นค่าจัดงาน KM Day 210,000 บาท ค่าจัดประชุม CoP 95,000 บาท และค่าพัฒนาผู้อำนวยความสะดวก 80,000 บาท "
                  "ตัวเลขนี้เป็นร่างที่ยังไม่ผ่านการอนุมัติจากคณะกรรมการบริหารสำนัก"),
            ("h1", "4. Risks"),
            ("p", "ภาระงานประจำทำให้ CoP ขาดความต่อเนื่อง, ผู้อำนวยความสะดวกหลักมีเพียง 2 คน, และระบบคลังความรู้เดิมค้นหาภาษาไทยได้ไม่ดี "
                  "จึงต้องเร่งพัฒนาระบบค้นหาที่ตัดคำภาษาไทยได้ถูกต้องและค้นหาข้ามภาษาไทย–อังกฤษได้"),
            ("h1", "5. Monitoring"),
            ("p", "รายงานความก้าวหน้าต่อผู้อำนวยการสำนักทุกไตรมาส และประเมินผลตามเกณฑ์ learning organisation ปลายปีงบประมาณ"),
        ],
    ),
    dict(
        file="docx/sugar-tax-policy-brief-2022.docx",
        title="Policy brief: using the sugar-sweetened beverage tax to protect children's teeth",
        subject="Policy brief on sugar-sweetened beverages and oral health",
        authors=["Napat Srisombat", "Wilaiporn Kongkaew"],
        keywords=["sugar-sweetened beverages", "sugar tax", "policy brief", "dental caries", "children"],
        description="A four-page policy brief proposing complementary measures to the tiered sugar tax to reduce caries in children.",
        created="2022-07-18T09:00:00Z", language="en-US",
        blocks=[
            ("title", "Policy brief: using the sugar-sweetened beverage tax to protect children's teeth"),
            ("p", "Napat Srisombat, Wilaiporn Kongkaew. Strategy and Planning Group, Bureau of Dental Public Health. July 2022."),
            ("h1", "Key messages"),
            ("li", "Free sugars are the necessary cause of dental caries; sugar-sweetened beverages (SSBs) are the largest single source for Thai children."),
            ("li", "Thailand's tiered excise tax on sugar content has pushed manufacturers to reduce sugar in packaged drinks."),
            ("li", "Untaxed freshly prepared drinks sold near schools are growing and undermine the tax's benefits."),
            ("li", "Earmarking part of the revenue for school water points and oral health programmes would multiply the health gain."),
            ("h1", "The problem"),
            ("p", "About half of Thai 12-year-olds have caries in permanent teeth, and most decay remains untreated. Children drink SSBs often: in "
                  "school surveys 40 to 50 percent report at least one sweet drink a day, and frequent intake between meals is the strongest "
                  "behavioural risk factor for caries. SSBs also contribute to overweight and type 2 diabetes, so action on sugar serves several "
                  "health goals at once."),
            ("h1", "What the tax has achieved"),
            ("p", "Since 2017 the excise tax on beverages has risen with sugar content per 100 ml. Market data reviewed for this brief show that "
                  "the average sugar content of packaged soft drinks fell by about a quarter between 2017 and 2021, and the share of products "
                  "below 6 g per 100 ml more than doubled. Children's daily consumption of packaged carbonated drinks declined in repeated "
                  "school surveys."),
            ("table", [
                ["Sugar content (g/100 ml)", "Share of products 2017 (%)", "Share of products 2021 (%)"],
                ["Below 6", "28", "61"],
                ["6 to 8", "33", "24"],
                ["8 to 10", "24", "11"],
                ["Above 10", "15", "4"],
            ]),
            ("h1", "Gaps"),
            ("p", "Freshly prepared drinks such as sweetened milk tea, coffee and fruit smoothies sold by vendors are not taxed and often contain "
                  "more sugar than packaged soft drinks. Many schools lack free drinking water, so children buy drinks. Revenue from the tax goes "
                  "to the general budget and is not linked to health promotion in schools."),
            ("h1", "Policy options"),
            ("li", "Earmark a share of SSB tax revenue for drinking water points in every school and child development centre."),
            ("li", "Support local government by-laws restricting SSB sales within 100 metres of schools."),
            ("li", "Set sugar limits and labelling for freshly prepared drinks sold to children, starting with school canteens."),
            ("li", "Include oral health outcomes, such as DMFT of 12-year-olds, in the official evaluation of the tax."),
            ("p", "Keywords: sugar-sweetened beverages, sugar tax, excise tax, policy brief, children, dental caries"),
        ],
    ),
    dict(
        file="docx/denture-cleaning-kit-2566.docx",
        title="นวัตกรรมชุดดูแลฟันเทียมสำหรับผู้สูงอายุติดบ้านติดเตียง \"ฟันเทียมสะอาด ยิ้มสดใส\"",
        subject="นวัตกรรมการดูแลฟันเทียมผู้สูงอายุ",
        authors=["จันทร์เพ็ญ ศรีสมบูรณ์", "วรพล มั่นคง"],
        keywords=["นวัตกรรม", "ฟันเทียม", "ผู้สูงอายุติดเตียง", "การดูแลฟันเทียม", "ผู้ดูแลผู้สูงอายุ"],
        description="ชุดอุปกรณ์และคู่มือภาพสำหรับผู้ดูแลในการทำความสะอาดฟันเทียมของผู้สูงอายุติดบ้านติดเตียง",
        created="2023-06-30T09:00:00Z", language="th-TH",
        blocks=[
            ("title", "นวัตกรรมชุดดูแลฟันเทียมสำหรับผู้สูงอายุติดบ้านติดเตียง \"ฟันเทียมสะอาด ยิ้มสดใส\""),
            ("p", "จันทร์เพ็ญ ศรีสมบูรณ์, วรพล มั่นคง — กลุ่มส่งเสริมทันตสุขภาพวัยทำงานและผู้สูงอายุ ร่วมกับโรงพยาบาลชุมชน 5 แห่ง พ.ศ. 2566"),
            ("h1", "บทคัดย่อ"),
            ("p", "ผู้สูงอายุติดบ้านติดเตียงที่ใส่ฟันเทียมมักมีฟันเทียมสกปรก มีเชื้อราใต้ฐานฟันเทียม และเกิดแผลกดทับในช่องปาก "
                  "ทีมจึงพัฒนาชุดดูแลฟันเทียมราคาประหยัด ประกอบด้วยแปรงฟันเทียมด้ามจับใหญ่ กล่องแช่ฟันเทียมมีช่องระบายน้ำ เม็ดฟู่ทำความสะอาดฟันเทียม "
                  "และคู่มือภาพ 8 ขั้นตอนสำหรับผู้ดูแลผู้สูงอายุ (Caregiver) ทดลองใช้กับผู้สูงอายุ 186 คน เป็นเวลา 3 เดือน "
                  "ผู้สูงอายุที่มีฟันเทียมสะอาดระดับดีเพิ่มจากร้อยละ 21.5 เป็นร้อยละ 74.2 ภาวะเยื่อบุอักเสบใต้ฐานฟันเทียม (denture stomatitis) "
                  "ลดลงจากร้อยละ 38.7 เป็นร้อยละ 15.1 ต้นทุนชุดละ 165 บาท"),
            ("h1", "ที่มาของนวัตกรรม"),
            ("p", "จากการเยี่ยมบ้านของทันตาภิบาลพบว่าผู้ดูแลส่วนใหญ่ไม่กล้าถอดฟันเทียมของผู้สูงอายุ เพราะกลัวทำหัก หรือไม่ทราบวิธีถอด "
                  "บางรายใส่ฟันเทียมค้างไว้ทั้งวันทั้งคืนนานหลายสัปดาห์ ผู้ดูแลบางคนใช้ยาสีฟันธรรมดาและแปรงแข็งขัดฟันเทียมจนเป็นรอย "
                  "ผู้ดูแลต้องการวิธีที่ง่าย ทำได้ข้างเตียง และใช้อุปกรณ์ที่หาซื้อได้ในชุมชน"),
            ("h1", "องค์ประกอบของชุดนวัตกรรม"),
            ("table", [
                ["อุปกรณ์", "ประโยชน์", "ราคา (บาท)"],
                ["แปรงฟันเทียมด้ามจับใหญ่หุ้มยาง", "จับถนัด ขนแปรงสองด้านสำหรับผิวนอกและผิวใน", "45"],
                ["กล่องแช่ฟันเทียมมีตะแกรงยก", "แช่ค้างคืนและยกขึ้นได้โดยไม่ต้องล้วงน้ำ", "60"],
                ["เม็ดฟู่ทำความสะอาดฟันเทียม 30 เม็ด", "ลดคราบและเชื้อรา", "50"],
                ["คู่มือภาพ 8 ขั้นตอนและสติกเกอร์เตือนเวลา", "ผู้ดูแลทำตามได้แม้อ่านหนังสือไม่คล่อง", "10"],
            ]),
            ("h1", "ผลการทดลองใช้"),
            ("p", "ผู้ดูแล 142 คนได้รับการฝึกข้างเตียงครั้งละ 20 นาที และทันตาภิบาลติดตามทางโทรศัพท์ทุก 2 สัปดาห์ หลัง 3 เดือน ผู้ดูแลร้อยละ 86.6 "
                  "ถอดฟันเทียมแช่ค้างคืนได้ทุกวัน ผู้สูงอายุมีกลิ่นปากลดลงตามการประเมินของผู้ดูแลร้อยละ 79.0 และไม่มีรายงานฟันเทียมแตกหักจากการทำความสะอาด"),
            ("h1", "ข้อเสนอแนะ"),
            ("p", "ควรบรรจุชุดดูแลฟันเทียมในชุดสิทธิประโยชน์การดูแลระยะยาวด้านสาธารณสุข (Long-Term Care) และบรรจุการดูแลฟันเทียมในหลักสูตรอบรมผู้ดูแลผู้สูงอายุ "
                  "ร่วมกับการนัดติดตามหลังใส่ฟันเทียมพระราชทาน"),
            ("p", "คำสำคัญ: นวัตกรรม, ฟันเทียม, ผู้สูงอายุติดเตียง, การดูแลฟันเทียม, Long-Term Care"),
        ],
    ),
    # ------------------------------------------------------------------- ODT
    dict(
        file="odt/ecc-parent-coaching-2564.odt",
        title="ผลของโปรแกรมฝึกทักษะผู้ปกครองแปรงฟันให้ลูกต่อการป้องกันฟันผุในเด็กอายุ 1–2 ปี",
        subject="การป้องกันฟันผุในเด็กปฐมวัยโดยผู้ปกครอง",
        authors=["รุ่งนภา ดวงแก้ว", "ประสิทธิ์ มหาวงศ์"],
        keywords=["ฟันผุในเด็กปฐมวัย", "ผู้ปกครอง", "การแปรงฟัน", "parent coaching", "คลินิกเด็กดี"],
        description="การทดลองแบบสุ่มกลุ่มในคลินิกเด็กดี เปรียบเทียบโปรแกรมฝึกทักษะผู้ปกครองกับการให้สุขศึกษาปกติ",
        created="2021-09-01T09:00:00Z", language="th-TH",
        blocks=[
            ("title", "ผลของโปรแกรมฝึกทักษะผู้ปกครองแปรงฟันให้ลูกต่อการป้องกันฟันผุในเด็กอายุ 1–2 ปี"),
            ("p", "รุ่งนภา ดวงแก้ว, ประสิทธิ์ มหาวงศ์ — กลุ่มส่งเสริมทันตสุขภาพเด็กและเยาวชน สำนักทันตสาธารณสุข พ.ศ. ๒๕๖๔"),
            ("h1", "บทคัดย่อ"),
            ("p", "การศึกษาแบบทดลองสุ่มกลุ่ม (cluster randomized trial) ในคลินิกเด็กดีของ รพ.สต. 20 แห่ง จังหวัดขอนแก่นและมหาสารคาม "
                  "เด็กอายุ 9–12 เดือนและผู้ปกครอง 540 คู่ กลุ่มทดลองได้รับโปรแกรมฝึกทักษะแปรงฟันแบบลงมือปฏิบัติ (hands-on coaching) 3 ครั้ง "
                  "ร่วมกับการเยี่ยมบ้านโดย อสม. และข้อความเตือนทางโทรศัพท์ กลุ่มควบคุมได้รับสุขศึกษาตามปกติ ติดตาม 12 เดือน "
                  "พบว่าเด็กกลุ่มทดลองได้รับการแปรงฟันวันละ 2 ครั้งร้อยละ 68.9 เทียบกับร้อยละ 34.2 ในกลุ่มควบคุม "
                  "อุบัติการณ์ฟันผุเป็นรูร้อยละ 14.8 และร้อยละ 27.5 ตามลำดับ (p<0.001) ผู้ปกครองที่ได้ฝึกปฏิบัติจริงมั่นใจในการแปรงฟันให้ลูกมากขึ้น"),
            ("h1", "บทนำ"),
            ("p", "ฟันน้ำนมเริ่มผุตั้งแต่อายุ 1 ปี และความชุกเพิ่มขึ้นอย่างรวดเร็วจนเกินครึ่งเมื่ออายุ 3 ปี เด็กในวัยนี้แปรงฟันเองไม่ได้ "
                  "ผู้ปกครองจึงเป็นผู้ป้องกันฟันผุที่สำคัญที่สุด แต่ผู้ปกครองจำนวนมากไม่เคยเห็นวิธีแปรงฟันให้เด็กเล็ก เด็กดิ้นและร้องไห้ "
                  "ผู้ปกครองจึงเลิกแปรง การให้สุขศึกษาแบบบรรยายในคลินิกเด็กดีไม่ช่วยให้เกิดทักษะ การศึกษานี้จึงทดสอบโปรแกรมที่เน้นการลงมือทำ"),
            ("h1", "วิธีการศึกษา"),
            ("p", "สุ่ม รพ.สต. เป็นกลุ่มทดลองและกลุ่มควบคุมกลุ่มละ 10 แห่ง โปรแกรมประกอบด้วย (1) การสาธิตท่านั่งแปรงฟันแบบเข่าชนเข่า "
                  "(2) ผู้ปกครองแปรงฟันให้ลูกต่อหน้าทันตาภิบาลและได้รับคำแนะนำทันที (3) การย้อมสีคราบจุลินทรีย์ให้ผู้ปกครองเห็น "
                  "(4) อสม. เยี่ยมบ้านเดือนละครั้งใน 3 เดือนแรก และ (5) ข้อความเตือนก่อนนอนสัปดาห์ละ 2 ครั้ง "
                  "ตรวจฟันเด็กโดยทันตแพทย์ที่ไม่ทราบกลุ่ม ใช้เกณฑ์ ICDAS ที่ 0, 6 และ 12 เดือน"),
            ("h1", "ผลการศึกษา"),
            ("table", [
                ["ผลลัพธ์ที่ 12 เดือน", "กลุ่มทดลอง (n=262)", "กลุ่มควบคุม (n=251)"],
                ["แปรงฟันให้เด็กวันละ 2 ครั้ง (ร้อยละ)", "68.9", "34.2"],
                ["ใช้ยาสีฟันผสมฟลูออไรด์ 1,000 ppm (ร้อยละ)", "88.5", "52.6"],
                ["เด็กมีฟันผุเป็นรู (ร้อยละ)", "14.8", "27.5"],
                ["ดัชนีคราบจุลินทรีย์เฉลี่ย", "0.92", "1.56"],
            ]),
            ("p", "มีผู้ติดตามได้ครบ 513 คู่ (ร้อยละ 95.0) ผลของโปรแกรมชัดเจนกว่าในครอบครัวที่ปู่ย่าตายายเป็นผู้เลี้ยงหลัก"),
            ("h1", "สรุป"),
            ("p", "การฝึกทักษะผู้ปกครองแบบลงมือปฏิบัติร่วมกับการติดตามในชุมชนช่วยป้องกันฟันผุในเด็กปฐมวัยได้ ควรปรับกิจกรรมทันตสุขศึกษาในคลินิกเด็กดี "
                  "จากการบรรยายเป็นการฝึกปฏิบัติ และใช้ร่วมกับการทาฟลูออไรด์วานิช"),
            ("p", "คำสำคัญ: ฟันผุในเด็กปฐมวัย, ผู้ปกครอง, การแปรงฟัน, คลินิกเด็กดี, อสม."),
        ],
    ),
    dict(
        file="odt/oral-cancer-vhv-training-2567.odt",
        title="หลักสูตรอบรม อสม. คัดกรองรอยโรคในช่องปาก (Oral cancer screening training for village health volunteers): ผลการประเมิน",
        subject="ผลงานสมัครรางวัลเลิศรัฐ 2567 สาขาการบริหารราชการแบบมีส่วนร่วม",
        authors=["อัมพร แสงจันทร์", "Dr. Kritsada Yodsri"],
        keywords=["มะเร็งช่องปาก", "oral cancer screening", "อสม.", "village health volunteers", "training", "TPSA"],
        description="Evaluation of a blended training course for village health volunteers to screen oral lesions.",
        created="2024-02-12T09:00:00Z", language="th-TH",
        blocks=[
            ("title", "หลักสูตรอบรม อสม. คัดกรองรอยโรคในช่องปาก: ผลการประเมิน (Oral cancer screening training for village health volunteers)"),
            ("p", "อัมพร แสงจันทร์, Kritsada Yodsri — กลุ่มพัฒนาระบบทันตสาธารณสุข, 2567"),
            ("h1", "Abstract"),
            ("p", "We developed and evaluated a blended course (one-day classroom session, e-learning modules on a smartphone and supervised "
                  "practice) that trains village health volunteers (VHVs, อสม.) to recognise oral lesions that need a dentist. 1,260 VHVs in "
                  "9 provinces completed the course in 2023. Knowledge scores rose from 54.1 to 82.7 out of 100. In a photo-based test of 40 "
                  "lesions, sensitivity for lesions needing referral was 86.4% and specificity 78.9%. Three months later, trained VHVs had "
                  "screened 31,540 adults and referred 1,988."),
            ("h1", "ความเป็นมา"),
            ("p", "การคัดกรองมะเร็งช่องปากในชุมชนต้องอาศัย อสม. เป็นด่านแรก แต่หลักสูตรเดิมเป็นการบรรยายครึ่งวัน อสม. ไม่มั่นใจในการตรวจ "
                  "และส่งต่อผู้ที่ไม่มีรอยโรคจำนวนมาก ทำให้ทันตแพทย์รับภาระเกิน หลักสูตรใหม่จึงเน้นการฝึกดูภาพรอยโรคจริง การฝึกตรวจกันเอง "
                  "และมีพี่เลี้ยงทันตาภิบาลตลอด 3 เดือนแรก"),
            ("h1", "โครงสร้างหลักสูตร (course structure)"),
            ("table", [
                ["ส่วน", "เนื้อหา", "เวลา"],
                ["ห้องเรียน", "ปัจจัยเสี่ยง การตรวจช่องปาก 8 ตำแหน่ง การใช้ไฟฉายและไม้กดลิ้น", "6 ชั่วโมง"],
                ["e-learning", "คลังภาพรอยโรค 120 ภาพ แบบทดสอบหลังเรียน", "4 ชั่วโมง"],
                ["ฝึกปฏิบัติ", "ตรวจภายใต้การดูแลของทันตาภิบาล 10 ราย", "2 สัปดาห์"],
                ["พี่เลี้ยง", "ส่งภาพปรึกษาผ่าน LINE ตอบภายใน 48 ชั่วโมง", "3 เดือน"],
            ]),
            ("h1", "ผลการประเมิน"),
            ("p", "คะแนนความรู้เพิ่มขึ้นจาก 54.1 เป็น 82.7 คะแนน (p<0.001) ความไว (sensitivity) ในการจำแนกรอยโรคที่ต้องส่งต่อร้อยละ 86.4 "
                  "ความจำเพาะ (specificity) ร้อยละ 78.9 อัตราการส่งต่อโดยไม่จำเป็นลดลงจากร้อยละ 61.0 ในหลักสูตรเดิมเหลือร้อยละ 34.5 "
                  "อสม. ร้อยละ 93.2 มั่นใจในการตรวจช่องปาก"),
            ("h1", "ผลการพิจารณารางวัล"),
            ("p", "ผลงานส่งสมัครรางวัลเลิศรัฐ ปี 2567 สาขาการบริหารราชการแบบมีส่วนร่วม แต่ไม่ผ่านการพิจารณารอบสุดท้าย "
                  "กรรมการให้ข้อเสนอแนะว่าควรแสดงผลลัพธ์ด้านการค้นพบมะเร็งระยะเริ่มต้นและการมีส่วนร่วมของท้องถิ่นให้ชัดเจนขึ้น"),
            ("p", "Keywords / คำสำคัญ: oral cancer screening, มะเร็งช่องปาก, village health volunteers, อสม., training, หลักสูตรอบรม"),
        ],
    ),
    dict(
        file="odt/learning-organisation-assessment-2020.odt",
        title="Assessing the Bureau of Dental Public Health as a learning organisation: a staff survey",
        subject="Learning organisation assessment",
        authors=["Piyanut Sangkaew", "Montri Charoensuk"],
        keywords=["learning organisation", "knowledge management", "organisational development", "staff survey", "DLOQ"],
        description="A survey of 118 staff using the Dimensions of the Learning Organization Questionnaire.",
        created="2020-09-25T09:00:00Z", language="en-US",
        blocks=[
            ("title", "Assessing the Bureau of Dental Public Health as a learning organisation: a staff survey"),
            ("p", "Piyanut Sangkaew, Montri Charoensuk. Organisational Development and Knowledge Management Group, 2020."),
            ("h1", "Abstract"),
            ("p", "To guide its knowledge management strategy, the Bureau surveyed all staff with a Thai version of the Dimensions of the "
                  "Learning Organization Questionnaire (DLOQ), which measures seven dimensions on a six-point scale. Of 131 staff, 118 responded "
                  "(90.1%). The overall mean was 4.12. The highest-scoring dimensions were strategic leadership for learning (4.48) and "
                  "team learning (4.36); the lowest were embedded systems to capture and share learning (3.52) and empowerment (3.78). "
                  "Staff with less than five years of service rated continuous learning lower than senior staff. The results point to "
                  "investment in systems that make past work findable, such as a searchable repository of the Bureau's research and reports."),
            ("h1", "Background"),
            ("p", "A learning organisation continuously transforms itself by learning from its members' experience and from its environment. "
                  "Thai public agencies are expected to develop as learning organisations under the public sector management quality award "
                  "criteria. The Bureau has run communities of practice and KM Days for several years, but it had never measured how staff "
                  "perceive the organisation's learning culture."),
            ("h1", "Methods"),
            ("p", "The 21-item short form of the DLOQ was translated and back-translated, and piloted with 15 staff of another bureau. "
                  "The online survey was anonymous and open for three weeks in July 2020. Dimension scores were compared across groups with "
                  "analysis of variance. Two focus groups explored the lowest-scoring dimensions."),
            ("h1", "Results"),
            ("table", [
                ["Dimension", "Mean (1–6)", "SD"],
                ["Continuous learning", "4.05", "0.82"],
                ["Inquiry and dialogue", "4.21", "0.77"],
                ["Team learning", "4.36", "0.71"],
                ["Embedded systems", "3.52", "0.94"],
                ["Empowerment", "3.78", "0.88"],
                ["System connection", "4.44", "0.69"],
                ["Strategic leadership", "4.48", "0.74"],
            ]),
            ("p", "In focus groups, staff said that reports and research from earlier years were hard to find: files were scattered across "
                  "personal drives, and the old document system could not search Thai text well. Lessons learned in communities of practice "
                  "were rarely written down. Junior staff wanted mentoring and clearer authority to try new approaches."),
            ("h1", "Recommendations"),
            ("p", "Build a searchable, bilingual knowledge repository with consistent metadata; require every project to deposit its final "
                  "report and lessons learned; train facilitators for after action reviews; and delegate decisions on small innovations to "
                  "team level. Repeat the survey every two years to track progress."),
            ("p", "Keywords: learning organisation, knowledge management, DLOQ, organisational culture, public sector"),
        ],
    ),
    dict(
        file="odt/sealant-mobile-unit-internal-2566.odt",
        title="รายงานทบทวนต้นทุนและปัญหาหน่วยเคลือบหลุมร่องฟันเคลื่อนที่ ปี 2566 (เอกสารภายใน)",
        subject="รายงานภายใน ประกอบการตัดสินใจถอนผลงานจากการสมัครรางวัล",
        authors=["ธีรพงษ์ อุดมศักดิ์", "นภัสสร ใจกว้าง"],
        keywords=["เคลือบหลุมร่องฟัน", "หน่วยเคลื่อนที่", "ต้นทุน", "เอกสารภายใน"],
        description="รายงานภายในเกี่ยวกับต้นทุนและปัญหาคุณภาพของหน่วยเคลือบหลุมร่องฟันเคลื่อนที่ รหัส INTERNALONLYCHARLIE",
        created="2023-11-08T09:00:00Z", language="th-TH",
        blocks=[
            ("title", "รายงานทบทวนต้นทุนและปัญหาหน่วยเคลือบหลุมร่องฟันเคลื่อนที่ ปี 2566"),
            ("p", "เอกสารภายใน รหัส INTERNALONLYCHARLIE — จัดทำเพื่อประกอบการพิจารณาของผู้บริหารเท่านั้น"),
            ("p", "ผู้จัดทำ: ธีรพงษ์ อุดมศักดิ์, นภัสสร ใจกว้าง กลุ่มส่งเสริมทันตสุขภาพเด็กและเยาวชน"),
            ("h1", "1. วัตถุประสงค์"),
            ("p", "ทบทวนต้นทุน ผลผลิต และปัญหาคุณภาพของหน่วยเคลือบหลุมร่องฟันเคลื่อนที่ 4 หน่วยที่สำนักสนับสนุนในปี 2566 "
                  "ก่อนตัดสินใจว่าจะส่งผลงานเข้าประกวดรางวัลเลิศรัฐ ปี 2567 ต่อหรือไม่"),
            ("h1", "2. ผลการทบทวน"),
            ("table", [
                ["รายการ", "หน่วยที่ 1", "หน่วยที่ 2", "หน่วยที่ 3", "หน่วยที่ 4"],
                ["นักเรียนที่ได้รับการเคลือบ (คน)", "1,842", "1,106", "624", "1,391"],
                ["ต้นทุนต่อฟันที่เคลือบ (บาท)", "142", "188", "305", "160"],
                ["การยึดติดสมบูรณ์ที่ 6 เดือน (ร้อยละ)", "88.1", "79.4", "61.2", "85.7"],
            ]),
            ("p", "หน่วยที่ 3 มีต้นทุนสูงและการยึดติดต่ำ เนื่องจากเครื่องดูดน้ำลายชำรุดเกือบทั้งภาคเรียน และผู้ให้บริการหมุนเวียนบ่อย "
                  "ข้อมูลผลงานบางส่วนที่รายงานเข้าระบบซ้ำซ้อนกับโครงการของโรงพยาบาลชุมชน ทำให้ตัวเลขความครอบคลุมสูงกว่าความเป็นจริงประมาณร้อยละ 9"),
            ("h1", "3. ข้อเสนอ"),
            ("p", "(1) ถอนผลงานจากการสมัครรางวัลเลิศรัฐ ปี 2567 จนกว่าจะแก้ไขข้อมูลซ้ำซ้อนและมีผลการยึดติดที่ 12 เดือน "
                  "(2) ยุติหน่วยที่ 3 และโอนอุปกรณ์ให้หน่วยที่ 1 (3) จัดอบรมทบทวนเทคนิคการกันความชื้นให้ผู้ให้บริการทุกคน "
                  "(4) ไม่เผยแพร่ตัวเลขรายหน่วยจนกว่าจะตรวจสอบกับโรงพยาบาลครบถ้วน"),
            ("h1", "4. มติที่ประชุมผู้บริหาร"),
            ("p", "เห็นชอบให้ถอนผลงานจากการสมัครรางวัลในรอบนี้ และให้รายงานความก้าวหน้าการแก้ไขในการประชุมครั้งถัดไป"),
            ("h1", "5. บทเรียนสำหรับการสมัครรางวัลครั้งต่อไป"),
            ("p", "การเตรียมผลงานสมัครรางวัลควรตรวจสอบคุณภาพข้อมูลก่อนเขียนเอกสารอย่างน้อย 3 เดือน ใช้ข้อมูลผลลัพธ์ทางคลินิก เช่น การยึดติดของสารเคลือบ "
                  "และอัตราการเกิดฟันผุ ไม่ใช่เพียงจำนวนนักเรียนที่ได้รับบริการ และควรมีผู้ตรวจทานจากกลุ่มงานอื่นที่ไม่ได้เป็นเจ้าของผลงาน "
                  "เพื่อให้มั่นใจว่าตัวเลขที่นำเสนอต่อคณะกรรมการรางวัลถูกต้องและตรวจสอบได้"),
        ],
    ),
    dict(
        file="odt/tele-dentistry-consultation-2023.odt",
        title="Tele-dentistry consultation between sub-district health promoting hospitals and district dentists: an implementation study",
        subject="Tele-dentistry innovation in primary care",
        authors=["Sakchai Rungsawang", "Ploypailin Wattanasiri"],
        keywords=["tele-dentistry", "teledentistry", "innovation", "primary care", "referral", "UNPSA"],
        description="Implementation study of store-and-forward tele-dentistry consultations in 64 primary care units.",
        created="2023-08-21T09:00:00Z", language="en-US",
        blocks=[
            ("title", "Tele-dentistry consultation between sub-district health promoting hospitals and district dentists: an implementation study"),
            ("p", "Sakchai Rungsawang, Ploypailin Wattanasiri. Dental Public Health Research and Innovation Group, 2023."),
            ("h1", "Abstract"),
            ("p", "Dental nurses in remote sub-district health promoting hospitals often need a dentist's advice but referral means a long trip "
                  "for the patient. We implemented a store-and-forward tele-dentistry service in which dental nurses send intraoral photographs "
                  "and a structured case form from a smartphone to district dentists, who reply within one working day. Over 12 months, 64 "
                  "primary care units sent 3,412 consultations. Dentists judged that 58.7% of cases could be managed locally with advice, avoiding "
                  "a referral; median response time was 5.2 hours. Patient travel saved was estimated at 142,000 km. Image quality was adequate "
                  "in 91.4% of cases after a 2-hour photography training."),
            ("h1", "Background"),
            ("p", "Thailand's dentists are concentrated in district and provincial hospitals, while dental nurses provide most care in rural "
                  "sub-districts. Decisions such as whether a child's swelling needs antibiotics and extraction, whether an older person's white "
                  "patch needs biopsy, or whether a tooth can be restored with ART often require a dentist's opinion. Video calls were tried but "
                  "were hard to schedule. Store-and-forward consultation fits busy clinics better."),
            ("h1", "The innovation"),
            ("p", "The service runs on a secure messaging platform approved by the provincial health office. A case form asks for age, chief "
                  "complaint, medical history, findings and a provisional plan, with at least two photographs. Dentists answer with advice, "
                  "a referral decision and a teaching note. Cases are anonymised and reviewed monthly in a community of practice meeting, which "
                  "turns consultations into learning for all dental nurses."),
            ("h1", "Results"),
            ("table", [
                ["Outcome", "Value"],
                ["Consultations sent", "3,412"],
                ["Managed locally after advice", "2,003 (58.7%)"],
                ["Referred to hospital", "1,409 (41.3%)"],
                ["Median response time", "5.2 hours"],
                ["Adequate image quality", "91.4%"],
                ["Dental nurse satisfaction (1–5)", "4.57"],
            ]),
            ("p", "The most frequent consultation topics were dental infection in children (27.3%), oral mucosal lesions (18.9%), denture "
                  "problems (14.2%) and trauma (8.6%). Among 212 mucosal lesions referred, 11 oral cancers were diagnosed."),
            ("h1", "Conclusion"),
            ("p", "Store-and-forward tele-dentistry is a practical innovation that brings dentists' expertise to rural primary care, saves patients' "
                  "time and money, and strengthens learning among dental nurses. It is being prepared as a candidate for the United Nations "
                  "Public Service Awards 2025."),
            ("p", "Keywords: tele-dentistry, innovation, primary care, dental nurse, consultation, referral"),
        ],
    ),
    dict(
        file="odt/budget-review-2568.odt",
        title="รายงานทบทวนการจัดสรรงบประมาณโครงการทันตสาธารณสุข ปีงบประมาณ 2568 (เอกสารภายใน)",
        subject="การจัดสรรงบประมาณ ภายในสำนัก",
        authors=["สุภาวดี นิลสุวรรณ", "กลุ่มยุทธศาสตร์และแผนงาน"],
        keywords=["งบประมาณ", "แผนงาน", "การจัดสรร", "เอกสารภายใน"],
        description="รายงานทบทวนการจัดสรรงบประมาณภายในสำนัก รหัส INTERNALONLYDELTA",
        created="2024-10-10T09:00:00Z", language="th-TH",
        blocks=[
            ("title", "รายงานทบทวนการจัดสรรงบประมาณโครงการทันตสาธารณสุข ปีงบประมาณ 2568"),
            ("p", "เอกสารภายใน รหัส INTERNALONLYDELTA ห้ามเผยแพร่ก่อนได้รับอนุมัติ"),
            ("p", "ผู้จัดทำ: สุภาวดี นิลสุวรรณ กลุ่มยุทธศาสตร์และแผนงาน"),
            ("h1", "1. ภาพรวม"),
            ("p", "ปีงบประมาณ 2568 สำนักได้รับการจัดสรรงบดำเนินงานและงบโครงการรวม 48.6 ล้านบาท ลดลงร้อยละ 8.1 จากปีก่อน "
                  "ขณะที่ภารกิจด้านผู้สูงอายุและการพัฒนาระบบข้อมูลเพิ่มขึ้น จึงต้องทบทวนการจัดสรรระหว่างกลุ่มงานให้สอดคล้องกับยุทธศาสตร์"),
            ("h1", "2. ร่างการจัดสรรตามแผนงาน"),
            ("table", [
                ["แผนงาน", "ปี 2567 (ล้านบาท)", "ร่างปี 2568 (ล้านบาท)", "เปลี่ยนแปลง (ร้อยละ)"],
                ["ทันตสุขภาพเด็กปฐมวัยและวัยเรียน", "18.4", "16.2", "-12.0"],
                ["ทันตสุขภาพผู้สูงอายุและฟันเทียม", "14.1", "14.8", "+5.0"],
                ["วิจัยและนวัตกรรม", "7.9", "6.5", "-17.7"],
                ["พัฒนาระบบและข้อมูล (รวมระบบคลังความรู้)", "6.3", "7.0", "+11.1"],
                ["บริหารจัดการและการจัดการความรู้", "6.2", "4.1", "-33.9"],
                ["รวม", "52.9", "48.6", "-8.1"],
            ]),
            ("h1", "3. ประเด็นที่ต้องตัดสินใจ"),
            ("p", "(1) จะลดจำนวนจังหวัดนำร่องฟลูออไรด์วานิชใน ศพด. จาก 20 เหลือ 15 จังหวัดหรือไม่ (2) จะเลื่อนการสำรวจสภาวะสุขภาพช่องปากระดับเขตออกไปหนึ่งปีหรือไม่ "
                  "(3) จะลดขนาดงาน KM Day เป็นรูปแบบออนไลน์ทั้งหมดเพื่อประหยัด 150,000 บาทหรือไม่ (4) จะขอรับการสนับสนุนจากกองทุนสุขภาพท้องถิ่นแทนในบางกิจกรรมหรือไม่"),
            ("h1", "4. ข้อเสนอของกลุ่มยุทธศาสตร์ฯ"),
            ("p", "คงงบประมาณบริการที่ถึงตัวประชาชน (ฟันเทียม ฟลูออไรด์วานิช เคลือบหลุมร่องฟัน) ไว้ก่อน ลดงบจัดประชุมและพิมพ์เอกสาร "
                  "เปลี่ยนเอกสารเผยแพร่เป็นดิจิทัลผ่านระบบคลังความรู้ และทบทวนการจัดสรรอีกครั้งกลางปีงบประมาณ ตัวเลขทั้งหมดเป็นร่างที่ยังไม่ผ่านคณะกรรมการ"),
            ("h1", "5. ความเสี่ยงหากลดงบประมาณ"),
            ("p", "หากลดงบประมาณด้านเด็กปฐมวัยตามร่าง ความครอบคลุมการทาฟลูออไรด์วานิชในจังหวัดนำร่องอาจลดลงประมาณร้อยละ 15 "
                  "และการลดงบวิจัยจะทำให้ต้องเลื่อนการศึกษาติดตามผลระยะยาวของโครงการเคลือบหลุมร่องฟันออกไป "
                  "กลุ่มยุทธศาสตร์ฯ จึงเสนอให้ผู้บริหารพิจารณาขอรับงบประมาณเพิ่มเติมกลางปีจากงบกลาง หรือขอความร่วมมือจากองค์กรปกครองส่วนท้องถิ่น"),
        ],
    ),
]


# ---------------------------------------------------------------------------- helpers
def x(s):
    return escape(s, {'"': "&quot;"})


def deterministic_zip(path, entries):
    """entries: list of (name, bytes, stored?)."""
    os.makedirs(os.path.dirname(path), exist_ok=True)
    tmp = path + ".tmp"
    with zipfile.ZipFile(tmp, "w") as z:
        for name, data, stored in entries:
            info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
            info.create_system = 3
            info.external_attr = 0o100644 << 16
            info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
            z.writestr(info, data, compresslevel=None if stored else 9)
    return tmp


# ---------------------------------------------------------------------------- DOCX
def docx_run(text, bold=False):
    rpr = "<w:rPr><w:b/><w:bCs/></w:rPr>" if bold else ""
    return f'<w:r>{rpr}<w:t xml:space="preserve">{x(text)}</w:t></w:r>'


def docx_para(text, style=None, bold=False):
    ppr = f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>' if style else ""
    return f"<w:p>{ppr}{docx_run(text, bold)}</w:p>"


def docx_table(rows):
    ncols = len(rows[0])
    grid = "".join('<w:gridCol w:w="%d"/>' % (9000 // ncols) for _ in range(ncols))
    out = ['<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="0" w:type="auto"/>'
           '<w:tblBorders><w:top w:val="single" w:sz="4" w:space="0" w:color="auto"/>'
           '<w:left w:val="single" w:sz="4" w:space="0" w:color="auto"/>'
           '<w:bottom w:val="single" w:sz="4" w:space="0" w:color="auto"/>'
           '<w:right w:val="single" w:sz="4" w:space="0" w:color="auto"/>'
           '<w:insideH w:val="single" w:sz="4" w:space="0" w:color="auto"/>'
           '<w:insideV w:val="single" w:sz="4" w:space="0" w:color="auto"/></w:tblBorders>'
           f'</w:tblPr><w:tblGrid>{grid}</w:tblGrid>']
    for i, row in enumerate(rows):
        out.append("<w:tr>")
        for cell in row:
            out.append(f'<w:tc><w:tcPr><w:tcW w:w="{9000 // ncols}" w:type="dxa"/></w:tcPr>{docx_para(cell, bold=(i == 0))}</w:tc>')
        out.append("</w:tr>")
    out.append("</w:tbl>")
    return "".join(out)


def docx_document(doc):
    body = []
    for kind, payload in doc["blocks"]:
        if kind == "title":
            body.append(docx_para(payload, "Title"))
        elif kind == "h1":
            body.append(docx_para(payload, "Heading1"))
        elif kind == "h2":
            body.append(docx_para(payload, "Heading2"))
        elif kind == "li":
            body.append(docx_para("• " + payload, "ListParagraph"))
        elif kind == "p":
            body.append(docx_para(payload))
        elif kind == "table":
            body.append(docx_table(payload))
            body.append("<w:p/>")
        else:
            raise ValueError(kind)
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
            "<w:body>" + "".join(body) +
            '<w:sectPr><w:pgSz w:w="11906" w:h="16838"/>'
            '<w:pgMar w:top="1440" w:right="1440" w:bottom="1440" w:left="1440" w:header="708" w:footer="708" w:gutter="0"/>'
            "</w:sectPr></w:body></w:document>")


DOCX_STYLES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Calibri" w:hAnsi="Calibri" w:eastAsia="Calibri" w:cs="Tahoma"/>
<w:sz w:val="22"/><w:szCs w:val="28"/><w:lang w:val="en-US" w:eastAsia="en-US" w:bidi="th-TH"/></w:rPr></w:rPrDefault>
<w:pPrDefault><w:pPr><w:spacing w:after="120" w:line="276" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults>
<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style>
<w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/>
<w:rPr><w:b/><w:bCs/><w:sz w:val="36"/><w:szCs w:val="40"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/>
<w:pPr><w:keepNext/><w:spacing w:before="240" w:after="80"/><w:outlineLvl w:val="0"/></w:pPr><w:rPr><w:b/><w:bCs/><w:sz w:val="28"/><w:szCs w:val="32"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading 2"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/>
<w:pPr><w:keepNext/><w:outlineLvl w:val="1"/></w:pPr><w:rPr><w:b/><w:bCs/><w:sz w:val="24"/><w:szCs w:val="28"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="ListParagraph"><w:name w:val="List Paragraph"/><w:basedOn w:val="Normal"/><w:pPr><w:ind w:left="720"/></w:pPr></w:style>
<w:style w:type="table" w:styleId="TableGrid"><w:name w:val="Table Grid"/></w:style>
</w:styles>"""

DOCX_CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>
<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>
<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>
</Types>"""

DOCX_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>
<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/>
</Relationships>"""

DOCX_DOC_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>
</Relationships>"""

DOCX_APP = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">
<Application>DMKM make_office_docs.py</Application><Company>สำนักทันตสาธารณสุข กรมอนามัย</Company>
</Properties>"""


def docx_core(doc):
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
            'xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
            f"<dc:title>{x(doc['title'])}</dc:title>"
            f"<dc:subject>{x(doc['subject'])}</dc:subject>"
            f"<dc:creator>{x('; '.join(doc['authors']))}</dc:creator>"
            f"<cp:keywords>{x('; '.join(doc['keywords']))}</cp:keywords>"
            f"<dc:description>{x(doc['description'])}</dc:description>"
            f"<dc:language>{doc['language']}</dc:language>"
            f"<cp:lastModifiedBy>{x(doc['authors'][0])}</cp:lastModifiedBy>"
            f'<dcterms:created xsi:type="dcterms:W3CDTF">{doc["created"]}</dcterms:created>'
            f'<dcterms:modified xsi:type="dcterms:W3CDTF">{doc["created"]}</dcterms:modified>'
            "</cp:coreProperties>")


def build_docx(doc, path):
    return deterministic_zip(path, [
        ("[Content_Types].xml", DOCX_CONTENT_TYPES.encode(), False),
        ("_rels/.rels", DOCX_RELS.encode(), False),
        ("docProps/core.xml", docx_core(doc).encode(), False),
        ("docProps/app.xml", DOCX_APP.encode(), False),
        ("word/_rels/document.xml.rels", DOCX_DOC_RELS.encode(), False),
        ("word/styles.xml", DOCX_STYLES.encode(), False),
        ("word/document.xml", docx_document(doc).encode(), False),
    ])


# ---------------------------------------------------------------------------- ODT
ODT_NS = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
          'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
          'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
          'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
          'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" '
          'xmlns:dc="http://purl.org/dc/elements/1.1/" '
          'xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" '
          'xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"')


def odt_content(doc):
    body = []
    tcount = 0
    for kind, payload in doc["blocks"]:
        if kind == "title":
            body.append(f'<text:p text:style-name="Title">{x(payload)}</text:p>')
        elif kind in ("h1", "h2"):
            level = 1 if kind == "h1" else 2
            body.append(f'<text:h text:style-name="Heading_20_{level}" text:outline-level="{level}">{x(payload)}</text:h>')
        elif kind == "li":
            body.append(f'<text:list><text:list-item><text:p text:style-name="Standard">{x(payload)}</text:p></text:list-item></text:list>')
        elif kind == "p":
            body.append(f'<text:p text:style-name="Standard">{x(payload)}</text:p>')
        elif kind == "table":
            tcount += 1
            ncols = len(payload[0])
            rows = [f'<table:table table:name="Table{tcount}" table:style-name="Tbl">'
                    f'<table:table-column table:number-columns-repeated="{ncols}"/>']
            for i, row in enumerate(payload):
                if i == 0:
                    rows.append("<table:table-header-rows>")
                rows.append("<table:table-row>")
                for cell in row:
                    pstyle = "Table_20_Heading" if i == 0 else "Table_20_Contents"
                    rows.append(f'<table:table-cell office:value-type="string" table:style-name="Cell">'
                                f'<text:p text:style-name="{pstyle}">{x(cell)}</text:p></table:table-cell>')
                rows.append("</table:table-row>")
                if i == 0:
                    rows.append("</table:table-header-rows>")
            rows.append("</table:table>")
            body.append("".join(rows))
        else:
            raise ValueError(kind)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<office:document-content {ODT_NS} office:version="1.3">'
            '<office:automatic-styles>'
            '<style:style style:name="Tbl" style:family="table"><style:table-properties style:width="16cm" table:align="margins"/></style:style>'
            '<style:style style:name="Cell" style:family="table-cell"><style:table-cell-properties fo:padding="0.1cm" fo:border="0.5pt solid #000000"/></style:style>'
            '</office:automatic-styles>'
            "<office:body><office:text>" + "".join(body) + "</office:text></office:body></office:document-content>")


ODT_STYLES = f"""<?xml version="1.0" encoding="UTF-8"?>
<office:document-styles {ODT_NS} office:version="1.3">
<office:font-face-decls>
<style:font-face style:name="Garuda" svg:font-family="Garuda"/>
</office:font-face-decls>
<office:styles>
<style:default-style style:family="paragraph"><style:text-properties style:font-name="Garuda" style:font-name-complex="Garuda" fo:font-size="11pt" style:font-size-complex="12pt" fo:language="en" fo:country="US" style:language-complex="th" style:country-complex="TH"/></style:default-style>
<style:style style:name="Standard" style:family="paragraph" style:class="text"><style:paragraph-properties fo:margin-bottom="0.2cm"/></style:style>
<style:style style:name="Title" style:family="paragraph" style:parent-style-name="Standard"><style:text-properties fo:font-size="18pt" fo:font-weight="bold" style:font-size-complex="18pt" style:font-weight-complex="bold"/></style:style>
<style:style style:name="Heading_20_1" style:display-name="Heading 1" style:family="paragraph" style:parent-style-name="Standard" style:default-outline-level="1"><style:text-properties fo:font-size="14pt" fo:font-weight="bold" style:font-size-complex="14pt" style:font-weight-complex="bold"/></style:style>
<style:style style:name="Heading_20_2" style:display-name="Heading 2" style:family="paragraph" style:parent-style-name="Standard" style:default-outline-level="2"><style:text-properties fo:font-size="12pt" fo:font-weight="bold" style:font-weight-complex="bold"/></style:style>
<style:style style:name="Table_20_Contents" style:display-name="Table Contents" style:family="paragraph" style:parent-style-name="Standard"/>
<style:style style:name="Table_20_Heading" style:display-name="Table Heading" style:family="paragraph" style:parent-style-name="Table_20_Contents"><style:text-properties fo:font-weight="bold" style:font-weight-complex="bold"/></style:style>
</office:styles>
</office:document-styles>"""

ODT_MANIFEST = """<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3">
<manifest:file-entry manifest:full-path="/" manifest:version="1.3" manifest:media-type="application/vnd.oasis.opendocument.text"/>
<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>
<manifest:file-entry manifest:full-path="styles.xml" manifest:media-type="text/xml"/>
<manifest:file-entry manifest:full-path="meta.xml" manifest:media-type="text/xml"/>
</manifest:manifest>"""


def odt_meta(doc):
    kws = "".join(f"<meta:keyword>{x(k)}</meta:keyword>" for k in doc["keywords"])
    created = doc["created"].rstrip("Z")
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<office:document-meta xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" '
            'office:version="1.3"><office:meta>'
            "<meta:generator>DMKM make_office_docs.py</meta:generator>"
            f"<dc:title>{x(doc['title'])}</dc:title>"
            f"<dc:subject>{x(doc['subject'])}</dc:subject>"
            f"<dc:description>{x(doc['description'])}</dc:description>"
            f"<meta:initial-creator>{x('; '.join(doc['authors']))}</meta:initial-creator>"
            f"<dc:creator>{x('; '.join(doc['authors']))}</dc:creator>"
            f"<meta:creation-date>{created}</meta:creation-date>"
            f"<dc:date>{created}</dc:date>"
            f"<dc:language>{doc['language']}</dc:language>"
            f"{kws}"
            "</office:meta></office:document-meta>")


def build_odt(doc, path):
    return deterministic_zip(path, [
        ("mimetype", b"application/vnd.oasis.opendocument.text", True),
        ("META-INF/manifest.xml", ODT_MANIFEST.encode(), False),
        ("meta.xml", odt_meta(doc).encode(), False),
        ("styles.xml", ODT_STYLES.encode(), False),
        ("content.xml", odt_content(doc).encode(), False),
    ])


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--check", action="store_true", help="do not write; exit 1 if a committed file differs")
    args = ap.parse_args()
    differs = []
    for doc in DOCUMENTS:
        path = os.path.join(CORPUS, doc["file"])
        builder = build_docx if path.endswith(".docx") else build_odt
        tmp = builder(doc, path)
        with open(tmp, "rb") as f:
            new = f.read()
        old = open(path, "rb").read() if os.path.exists(path) else None
        if args.check:
            os.remove(tmp)
            if old != new:
                differs.append(doc["file"])
        else:
            os.replace(tmp, path)
            print(("unchanged " if old == new else "wrote     ") + doc["file"])
    if differs:
        print("differs from generator output: " + ", ".join(differs), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
