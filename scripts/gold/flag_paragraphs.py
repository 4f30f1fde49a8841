#!/usr/bin/env python3
"""Source of tests/gold/flags-paragraphs.jsonl: paragraphs WRITTEN BY THIS PROJECT in
Vietnamese news style (no text from shared/data), with stereotype-language hits marked
inline as {{CATEGORY/stance|words}}. Trap paragraphs contain look-alike strings and no
marker: their gold flag list is empty.

Run: python3 scripts/gold/flag_paragraphs.py   (rewrites the JSONL and prints a review)
"""
import json, os, re, sys
from collections import Counter

MARK = re.compile(r"\{\{(STEREO|BENEVOLENT|APPEAR|DEROG|GMARK|FAMILY|GBV)/(endorsed|quoted|critiqued)\|(.*?)\}\}")

# (id suffix, paragraph with markers)
FLAGGED = [
    # ---- STEREO ----------------------------------------------------------------------
    ("stereo_e1", "{{STEREO/endorsed|Dù là phụ nữ nhưng}} chị Lan điều hành xưởng cơ khí 40 công nhân {{STEREO/endorsed|không kém gì cánh mày râu}}. Mỗi tháng xưởng xuất đi hàng nghìn chi tiết máy cho các doanh nghiệp ở Bình Dương."),
    ("stereo_e2", "{{STEREO/endorsed|Phụ nữ vốn nhạy cảm và dễ xúc động}} nên thường khó đưa ra quyết định dứt khoát trong những tình huống căng thẳng của thương trường."),
    ("stereo_e3", "Là trụ cột kinh tế duy nhất của gia đình, {{STEREO/endorsed|đàn ông không được phép gục ngã}} trước khó khăn, dù công việc ở công trường ngày càng ít đi."),
    ("stereo_e4", "{{STEREO/endorsed|Thiên chức của người phụ nữ là làm vợ, làm mẹ}}, vì vậy dù bận rộn đến đâu, chị Hoa vẫn dành trọn buổi tối cho chồng con sau giờ làm ở ngân hàng."),
    ("stereo_e5", "Vì {{STEREO/endorsed|chân yếu tay mềm}}, nhiều nữ công nhân của nhà máy được bố trí vào khâu đóng gói thay vì vận hành dây chuyền ép nhựa."),
    ("stereo_e6", "{{STEREO/endorsed|Con gái mà học kỹ thuật thì vất vả lắm}}, nhưng Minh Thư vẫn quyết tâm theo đuổi ngành cơ điện tử tại Đại học Bách khoa Hà Nội."),
    ("stereo_e7", "{{GMARK/endorsed|Nữ tiến sĩ}} 38 tuổi vẫn {{STEREO/endorsed|ế chồng}} vì quá mải mê với các đề tài nghiên cứu về vật liệu nano."),
    ("stereo_e8", "{{STEREO/endorsed|Đàn ông mà phải để vợ nuôi}} thì còn gì là thể diện, bởi vậy anh Tuấn quyết định vào Nam tìm việc sau khi xưởng gỗ đóng cửa."),
    ("stereo_q1", "Tại buổi tọa đàm, ông Hùng, giám đốc một doanh nghiệp vận tải, cho rằng: \"{{STEREO/quoted|Phụ nữ lãnh đạo không tốt bằng nam giới}} vì hay cảm tính\". Phát biểu này lập tức nhận nhiều ý kiến phản bác."),
    ("stereo_q2", "\"{{STEREO/quoted|Việc nhà là việc của phụ nữ}}, đàn ông làm sao khéo bằng\", một người đàn ông 52 tuổi ở xã Yên Phong nói khi được hỏi về việc chia sẻ việc nhà."),
    ("stereo_q3", "Trong tập 12 của chương trình hẹn hò, nam khách mời thẳng thắn: \"{{STEREO/quoted|Đã là đàn ông thì không được khóc}} trước mặt phụ nữ\"."),
    ("stereo_q4", "Bà Tư, 70 tuổi, vẫn giữ nếp nghĩ cũ: \"{{STEREO/quoted|Con gái là con người ta}}, học cao mấy rồi cũng về nhà chồng\"."),
    ("stereo_q5", "Một phụ huynh ở Nghệ An viết trong thư gửi tòa soạn: \"{{STEREO/quoted|Con gái học xong đại học là được rồi}}, cần gì phải học thạc sĩ cho tốn tiền\"."),
    ("stereo_c1", "Chiến dịch kêu gọi xóa bỏ định kiến \"{{STEREO/critiqued|phụ nữ chỉ lo bếp núc}}\", khuyến khích nam giới cùng chia sẻ việc nhà và chăm sóc con cái."),
    ("stereo_c2", "Đã qua rồi cái thời phụ nữ bị coi là \"{{STEREO/critiqued|chân yếu tay mềm}}\"; nhiều nữ kỹ sư hiện đứng máy ở những công trình thủy điện lớn nhất cả nước."),
    ("stereo_c3", "Không có nghề nào là \"{{STEREO/critiqued|nghề của đàn ông}}\": các nữ thợ hàn ở Hải Phòng đang chứng minh điều đó mỗi ngày."),
    ("stereo_c4", "Tư tưởng {{STEREO/critiqued|trọng nam khinh nữ}} vẫn là nguyên nhân chính khiến tỷ số giới tính khi sinh mất cân bằng ở nhiều tỉnh đồng bằng sông Hồng, Tổng cục Dân số cảnh báo."),
    ("stereo_c5", "Quan niệm \"{{STEREO/critiqued|đàn ông không được khóc}}\" khiến nhiều nam giới ngại tìm đến dịch vụ hỗ trợ tâm lý, các chuyên gia cảnh báo tại hội thảo về sức khỏe tâm thần."),
    ("stereo_c6", "Cô Hạnh bác bỏ định kiến cho rằng {{STEREO/critiqued|con gái không giỏi toán}}: điểm thi của nữ sinh lớp chuyên Toán năm nay cao hơn nam sinh ở cả ba vòng."),
    # ---- BENEVOLENT --------------------------------------------------------------------
    ("benev_e1", "Người phụ nữ {{BENEVOLENT/endorsed|đảm đang}} ấy vừa chăm sóc mẹ chồng ốm nặng, vừa một mình nuôi ba con ăn học đến nơi đến chốn."),
    ("benev_e2", "Sau giờ làm ở ủy ban, {{GMARK/endorsed|nữ phó chủ tịch xã}} vẫn {{BENEVOLENT/endorsed|tần tảo}} chợ búa, cơm nước, đúng là người phụ nữ {{BENEVOLENT/endorsed|giỏi việc nước, đảm việc nhà}}."),
    ("benev_e3", "Chị em công nhân may là {{BENEVOLENT/endorsed|những bông hoa đẹp}} góp phần làm nên thành công của doanh nghiệp trong năm qua."),
    ("benev_e4", "Người {{BENEVOLENT/endorsed|vợ hiền dâu thảo}} ấy đã lặng lẽ {{BENEVOLENT/endorsed|hy sinh cả sự nghiệp}} để chồng yên tâm công tác ở biên giới."),
    ("benev_e5", "Là {{BENEVOLENT/endorsed|hậu phương vững chắc}}, chị luôn là {{BENEVOLENT/endorsed|người phụ nữ đứng sau thành công của chồng}} trong suốt 20 năm anh làm thuyền trưởng."),
    ("benev_e6", "{{GMARK/endorsed|Nữ bí thư chi bộ}} {{BENEVOLENT/endorsed|dịu dàng, khéo léo}} nên bà con trong thôn ai cũng quý, trong khi người tiền nhiệm được nhớ đến nhờ tài vận động làm đường."),
    ("benev_e7", "Nhân ngày 8/3, xin gửi lời tri ân tới một nửa thế giới {{BENEVOLENT/endorsed|dịu dàng}}, những người phụ nữ luôn {{BENEVOLENT/endorsed|âm thầm hy sinh vì gia đình}}."),
    ("benev_e8", "{{BENEVOLENT/endorsed|Người chồng tốt hiếm có}}: anh Tuấn tự tay nấu cơm, giặt giũ cho vợ suốt tháng ở cữ khiến cư dân mạng không ngớt lời khen."),
    ("benev_q1", "Phát biểu tại lễ kỷ niệm, Phó Chủ tịch UBND tỉnh nhấn mạnh: \"Mỗi người phụ nữ là {{BENEVOLENT/quoted|một bông hoa đẹp}}, là người {{BENEVOLENT/quoted|giữ lửa hạnh phúc}} cho mỗi gia đình\"."),
    ("benev_q2", "\"Phụ nữ phải biết {{BENEVOLENT/quoted|nhẫn nhịn}} thì gia đình mới êm ấm\", bà Sáu, 68 tuổi, tâm sự về cuộc hôn nhân 45 năm của mình."),
    ("benev_q3", "Anh Quang cười: \"Vợ tôi {{BENEVOLENT/quoted|tần tảo}}, {{BENEVOLENT/quoted|chịu thương chịu khó}}, tôi chỉ lo việc ngoài đồng thôi\"."),
    ("benev_c1", "Các nhà nghiên cứu gọi lời khen \"{{BENEVOLENT/critiqued|giỏi việc nước, đảm việc nhà}}\" dành riêng cho phụ nữ là một lời khen chết người, vì nó mặc định việc nhà là trách nhiệm của một giới."),
    ("benev_c2", "Không nên tiếp tục ca ngợi sự {{BENEVOLENT/critiqued|hy sinh, cam chịu}} của phụ nữ như một đức tính, bà Hà, chuyên gia về giới, nhấn mạnh tại hội thảo."),
    ("benev_c3", "Thay vì ca ngợi {{BENEVOLENT/critiqued|người mẹ tảo tần}}, bài viết đặt câu hỏi vì sao người cha vắng mặt trong việc chăm con."),
    ("benev_c4", "Chiến dịch \"Đừng gọi tôi là {{BENEVOLENT/critiqued|bông hoa}}\" do nhóm sinh viên Đại học Quốc gia khởi xướng đã nhận được hơn 20.000 lượt chia sẻ."),
    # ---- APPEAR ------------------------------------------------------------------------
    ("appear_e1", "{{GMARK/endorsed|Nữ trưởng phòng}} kế toán {{APPEAR/endorsed|xinh đẹp}} bị bắt vì chiếm đoạt 12 tỷ đồng của công ty xây dựng."),
    ("appear_e2", "{{GMARK/endorsed|Nữ phó giám đốc sở}} sở hữu {{APPEAR/endorsed|vóc dáng chuẩn như người mẫu}} vừa được bổ nhiệm làm giám đốc sở."),
    ("appear_e3", "Cô gái {{APPEAR/endorsed|xinh đẹp}} bị sát hại trong phòng trọ ở quận Bình Tân, công an đang truy tìm nghi phạm."),
    ("appear_e4", "{{APPEAR/endorsed|Hot girl}} phòng gym bị bắt quả tang vận chuyển 2 kg ma túy qua chốt kiểm soát."),
    ("appear_e5", "{{GMARK/endorsed|Nữ đại biểu}} trẻ gây chú ý với {{APPEAR/endorsed|nhan sắc}} rạng rỡ trong phiên khai mạc kỳ họp Hội đồng nhân dân tỉnh."),
    ("appear_e6", "{{GMARK/endorsed|Nữ trọng tài}} {{APPEAR/endorsed|nóng bỏng}} khiến khán giả quên cả trận đấu giữa hai đội bóng hạng Nhất."),
    ("appear_e7", "Tiền đạo sở hữu {{APPEAR/endorsed|body sáu múi}} được mệnh danh là {{APPEAR/endorsed|mỹ nam}} của đội tuyển U23."),
    ("appear_e8", "{{GMARK/endorsed|Nữ nghị sĩ}} gốc Việt gây sốt nhờ {{APPEAR/endorsed|gương mặt khả ái}} trong phiên điều trần về ngân sách."),
    ("appear_q1", "Một khán giả nói với phóng viên: \"Tôi đến sân chủ yếu để ngắm các cô gái {{APPEAR/quoted|xinh đẹp}} trong đội bóng chuyền\"."),
    ("appear_q2", "\"{{APPEAR/quoted|Người đẹp}} thì làm gì cũng được ưu ái\", một đồng nghiệp của chị T. nói khi biết chị được đề bạt."),
    ("appear_q3", "Trong clip, người đàn ông liên tục bình luận về \"{{APPEAR/quoted|vòng một khủng}}\" của nữ nhân viên trước khi bị quản lý nhà hàng mời ra ngoài."),
    ("appear_c1", "Truyền thông cần chấm dứt việc gắn những từ như \"{{APPEAR/critiqued|nóng bỏng}}\", \"{{APPEAR/critiqued|gợi cảm}}\" cho nữ vận động viên khi đưa tin về thành tích thi đấu."),
    ("appear_c2", "Thay vì bàn về chuyên môn, nhiều bài báo chỉ xoáy vào {{APPEAR/critiqued|nhan sắc}} của nữ ứng viên, một cách đưa tin bị các nhà nghiên cứu phê phán."),
    ("appear_c3", "Chị khẳng định mình không phải \"{{APPEAR/critiqued|bình hoa di động}}\" mà là một kỹ sư có 12 năm kinh nghiệm thiết kế cầu."),
    # ---- DEROG -------------------------------------------------------------------------
    ("derog_e1", "{{DEROG/endorsed|Tiểu tam}} lộ mặt sau khi người vợ nộp đơn ly hôn, dân mạng đồng loạt vào trang cá nhân bình luận."),
    ("derog_e2", "Chuyện tình của {{DEROG/endorsed|máy bay bà già}} U50 và chàng trai kém 25 tuổi khiến dân mạng ngán ngẩm."),
    ("derog_e3", "Kẻ {{DEROG/endorsed|đào mỏ}} bị bắt sau khi lừa ba đại gia hơn 5 tỷ đồng bằng chiêu hẹn hò qua mạng."),
    ("derog_e4", "Cô nàng {{DEROG/endorsed|trà xanh}} chen chân vào cuộc hôn nhân 10 năm của cặp đôi từng được xem là hình mẫu của showbiz."),
    ("derog_e5", "Đường dây {{DEROG/endorsed|gái gọi}} cao cấp bị triệt phá tại một khách sạn ở Đà Lạt, 6 người bị tạm giữ."),
    ("derog_e6", "Nam ca sĩ ăn mặc như {{DEROG/endorsed|bê đê}} trên sân khấu khiến khán giả lớn tuổi phản ứng."),
    ("derog_q1", "Người vợ kể, chồng chị thường xuyên chửi chị là \"đồ {{DEROG/quoted|lăng loàn}}\" trước mặt các con."),
    ("derog_q2", "\"Loại con gái {{DEROG/quoted|hư hỏng}} ấy thì chẳng ai thương\", bị cáo khai trước tòa khi được hỏi về động cơ gây án."),
    ("derog_q3", "Nữ diễn viên cho biết cô từng bị gọi là \"{{DEROG/quoted|hồ ly tinh}}\" sau khi công khai mối quan hệ với một doanh nhân đã ly hôn."),
    ("derog_c1", "Các chuyên gia ngôn ngữ khuyến nghị báo chí bỏ hẳn những nhãn như \"{{DEROG/critiqued|tiểu tam}}\", \"{{DEROG/critiqued|trà xanh}}\" vì chúng đổ hết lỗi lên người phụ nữ."),
    ("derog_c2", "Cơ quan công an đề nghị dùng cụm từ \"người bán dâm\" thay cho cách gọi \"{{DEROG/critiqued|gái gọi}}\" mang tính miệt thị."),
    ("derog_c3", "Không ai có quyền gọi người đồng tính là \"{{DEROG/critiqued|bê đê}}\", đại diện tổ chức ICS nhấn mạnh tại buổi ra mắt cẩm nang."),
    # ---- GMARK -------------------------------------------------------------------------
    ("gmark_e1", "{{GMARK/endorsed|Nữ tài xế}} lùi xe tông sập cổng chợ, hai người bị thương nhẹ."),
    ("gmark_e2", "{{GMARK/endorsed|Nam y tá}} duy nhất của khoa sản được các sản phụ tin tưởng nhờ sự tận tình."),
    ("gmark_e3", "{{GMARK/endorsed|Nữ giám đốc}} 8X điều hành công ty logistics với 300 nhân viên tại Đồng Nai."),
    ("gmark_e4", "{{GMARK/endorsed|Bóng hồng duy nhất}} trong đội kỹ sư cầu đường vừa hoàn thành bản thiết kế cây cầu dây văng dài 600 m."),
    ("gmark_e5", "{{GMARK/endorsed|Nữ cường nhân}} ngành bất động sản vừa chi 200 tỷ đồng mua lại khách sạn 4 sao ở Nha Trang."),
    ("gmark_q1", "Ông Thành, giám đốc hợp tác xã vận tải, nói: \"Chúng tôi đã có một {{GMARK/quoted|nữ tài xế}} xe buýt rất cẩn thận, chưa từng bị khách phàn nàn\"."),
    ("gmark_q2", "\"Nhiều sản phụ vẫn ngạc nhiên khi gặp {{GMARK/quoted|nam hộ sinh}}\", anh Khoa chia sẻ về 5 năm làm việc tại bệnh viện huyện."),
    ("gmark_c1", "Độc giả phản đối cách đặt tít \"{{GMARK/critiqued|nữ tài xế}} gây tai nạn\" khi giới tính người lái không liên quan gì đến vụ việc."),
    ("gmark_c2", "Tại sao không ai viết \"{{GMARK/critiqued|nam giám đốc}}\" mà chỉ nói \"{{GMARK/critiqued|nữ giám đốc}}\"? Cách gọi này bị các nhà nghiên cứu cho là bất đối xứng."),
    # ---- FAMILY ------------------------------------------------------------------------
    ("family_e1", "{{FAMILY/endorsed|Vợ cầu thủ}} Văn Hậu khoe ảnh du lịch Đà Lạt cùng con trai."),
    ("family_e2", "{{GMARK/endorsed|Nữ thẩm phán}}, {{FAMILY/endorsed|mẹ hai con}}, tuyên án tử hình kẻ sát hại ba người trong một gia đình."),
    ("family_e3", "Tân bộ trưởng, {{FAMILY/endorsed|một bà mẹ ba con}}, cho biết sẽ ưu tiên cải cách thủ tục hành chính trong năm đầu nhiệm kỳ."),
    ("family_e4", "Dù đã 37 tuổi và {{FAMILY/endorsed|chưa chồng}}, {{GMARK/endorsed|nữ tiến sĩ}} vẫn dồn hết tâm huyết cho phòng thí nghiệm vi sinh."),
    ("family_e5", "{{FAMILY/endorsed|Bà xã Chủ tịch}} tập đoàn xuất hiện rạng rỡ tại sự kiện ra mắt dòng ô tô điện mới."),
    ("family_e6", "{{FAMILY/endorsed|Ông bố bỉm sữa}} 9X khởi nghiệp thành công với ứng dụng giao đồ ăn cho người cao tuổi."),
    ("family_q1", "Chị Hằng nói: \"Tôi là {{FAMILY/quoted|mẹ đơn thân}} nên phải {{FAMILY/quoted|vừa đi làm vừa chăm con}}, không dám nghỉ ngày nào\"."),
    ("family_q2", "\"Cô ấy là {{FAMILY/quoted|vợ của giám đốc}} nên ai cũng nể\", một nhân viên tiết lộ về người phụ trách phòng mua hàng."),
    ("family_c1", "Nghiên cứu chỉ ra rằng báo chí thường giới thiệu nữ lãnh đạo qua danh xưng \"{{FAMILY/critiqued|mẹ hai con}}\" hay \"{{FAMILY/critiqued|vợ của}}\" một ai đó, điều hiếm khi xảy ra với nam giới."),
    ("family_c2", "Không nên giới thiệu một nhà khoa học bằng tình trạng hôn nhân như \"{{FAMILY/critiqued|chưa chồng}}\", cẩm nang dành cho phóng viên nêu rõ."),
    # ---- GBV ---------------------------------------------------------------------------
    ("gbv_e1", "{{GBV/endorsed|Ghen tuông mù quáng}}, gã chồng đâm vợ trọng thương rồi bỏ trốn vào rừng."),
    ("gbv_e2", "{{GBV/endorsed|Vì quá yêu}}, nam thanh niên sát hại bạn gái rồi tự tử tại phòng trọ."),
    ("gbv_e3", "Nữ sinh bị xâm hại sau khi {{GBV/endorsed|đi chơi khuya}} với bạn trai quen qua mạng."),
    ("gbv_e4", "{{GBV/endorsed|Ăn mặc hở hang}}, cô gái bị nhóm thanh niên trêu ghẹo rồi hành hung ngay trên phố đi bộ."),
    ("gbv_e5", "Nạn nhân có {{GBV/endorsed|quan hệ bất chính}} với nghi phạm trong nhiều năm trước khi bị sát hại."),
    ("gbv_e6", "{{GBV/endorsed|Do quá nóng giận}}, người chồng đã dùng gậy đánh vợ gãy tay."),
    ("gbv_e7", "Lộ {{GBV/endorsed|clip nóng}} của {{APPEAR/endorsed|hot girl}} Thanh Hóa, dân mạng xôn xao."),
    ("gbv_e8", "{{GBV/endorsed|Chuyện vợ chồng}} thì nên {{GBV/endorsed|đóng cửa bảo nhau}}, hàng xóm không nên can thiệp quá sâu."),
    ("gbv_q1", "Tại cơ quan điều tra, nghi phạm khai do {{GBV/quoted|ghen tuông}} nên mới ra tay với vợ."),
    ("gbv_q2", "\"Con bé {{GBV/quoted|ăn mặc như thế}} thì trách ai\", một tài khoản bình luận dưới bài viết về vụ việc."),
    ("gbv_q3", "Luật sư của bị cáo cho rằng thân chủ \"{{GBV/quoted|lúc say}} nên không làm chủ được bản thân\"."),
    ("gbv_q4", "Trưởng thôn nói với phóng viên: \"{{GBV/quoted|Chuyện nhà}} người ta, mình không tiện can thiệp\"."),
    ("gbv_c1", "Các chuyên gia lên án cách đưa tin đổ lỗi cho nạn nhân như \"{{GBV/critiqued|ăn mặc hở hang}}\" hay \"{{GBV/critiqued|đi chơi khuya}}\" trong các vụ xâm hại."),
    ("gbv_c2", "Không có lý do nào, kể cả {{GBV/critiqued|ghen tuông}}, biện minh cho hành vi bạo lực gia đình, đại diện Hội Liên hiệp Phụ nữ khẳng định."),
    ("gbv_c3", "Cụm từ \"{{GBV/critiqued|clip nóng}}\" bị phê phán vì biến hành vi phát tán ảnh riêng tư thành chuyện giải trí."),
    ("gbv_c4", "Quan niệm \"{{GBV/critiqued|không có lửa làm sao có khói}}\" khiến nhiều nạn nhân bị xâm hại không dám lên tiếng."),
]

TRAPS = [
    ("trap_congbo", "Bộ Y tế công bố thêm 12 ca mắc mới, trong đó có 3 ca tại Bà Rịa - Vũng Tàu."),
    ("trap_thitruong", "Thị trường chứng khoán Việt Nam phiên sáng nay giảm hơn 10 điểm do áp lực bán ở nhóm ngân hàng."),
    ("trap_movement", "Hội Liên hiệp Phụ nữ tỉnh phát động phong trào thi đua \"Giỏi việc nước, đảm việc nhà\" giai đoạn 2021-2026 với sự tham gia của hơn 300 cơ sở hội."),
    ("trap_mevnah", "Chủ tịch nước truy tặng danh hiệu vinh dự Nhà nước \"Bà mẹ Việt Nam anh hùng\" cho 15 mẹ tại tỉnh Quảng Nam."),
    ("trap_bongdanu", "Đội tuyển bóng đá nữ Việt Nam giành vé dự vòng chung kết châu Á sau chiến thắng 2-0 trước Myanmar."),
    ("trap_tylenu", "Tỷ lệ nữ đại biểu Quốc hội khóa XV đạt 30,26%, cao nhất từ trước đến nay."),
    ("trap_nutuong", "Bà Nguyễn Thị Định là nữ tướng đầu tiên của Quân đội nhân dân Việt Nam, được phong quân hàm Thiếu tướng năm 1974."),
    ("trap_cogiao", "Cô Lan, giáo viên chủ nhiệm lớp 5A, cho biết các em đã hoàn thành chương trình học kỳ II."),
    ("trap_bacon", "Bà con xã Tân Hòa phấn khởi đón nhận công trình nước sạch trước mùa khô."),
    ("trap_onglon", "Các ông lớn ngành bán lẻ đang đẩy mạnh mở cửa hàng ở nông thôn để đón đầu sức mua sau dịch."),
    ("trap_phicong", "Chị Nguyễn Thị Hà trở thành nữ phi công đầu tiên của hãng được giao lái máy bay thân rộng."),
    ("trap_anhem", "Anh em trong đội cứu hộ đã làm việc xuyên đêm để đưa người dân ra khỏi vùng ngập."),
    ("trap_chuy", "Học sinh phải nộp hồ sơ trước ngày 15/5, nhà trường đề nghị phụ huynh chú ý lịch thi."),
    ("trap_bacsi", "Bác sĩ Trần Văn Hùng bác bỏ thông tin thất thiệt về vắc xin đang lan truyền trên mạng xã hội."),
    ("trap_ongba", "Ông bà ta có câu \"uống nước nhớ nguồn\", nhắc con cháu luôn ghi ơn thế hệ đi trước."),
    ("trap_vanhoa", "Sở Văn hóa và Thể thao tỉnh Nam Định tổ chức Ngày hội văn hóa các dân tộc vào cuối tuần."),
    ("trap_chongcheo", "Tình trạng chồng chéo trong quản lý đất đai khiến dự án chậm tiến độ hơn 3 năm."),
    ("trap_congtyme", "Công ty mẹ của tập đoàn vừa công bố kết quả kinh doanh quý I với doanh thu tăng 8%."),
    ("trap_nusinh", "Nữ sinh lớp 12 giành huy chương vàng Olympic Hóa học quốc tế với số điểm cao nhất đoàn."),
    ("trap_laodongnu", "Lao động nữ được nghỉ thai sản 6 tháng theo quy định của Bộ luật Lao động."),
    ("trap_hosinh", "Nữ hộ sinh Lê Thị Mai đã đỡ đẻ cho hơn 3.000 ca trong 25 năm công tác tại trạm y tế xã."),
    ("trap_bana", "Khu du lịch Bà Nà đón hơn 10.000 lượt khách trong dịp nghỉ lễ."),
    ("trap_anh", "Tuyển Anh thắng Đức 2-0 để giành vé vào tứ kết, tiền đạo Harry Kane ghi bàn ở phút 86."),
    ("trap_arap", "Ả Rập Xê Út công bố kế hoạch mở cửa du lịch cho khách quốc tế đã tiêm đủ vắc xin."),
    ("trap_mangthai", "Phụ nữ mang thai nên tiêm phòng cúm trước khi vào mùa dịch, bác sĩ khuyến cáo."),
    ("trap_chiem", "Chị em tiểu thương chợ Bến Thành đồng loạt giảm giá hàng hóa để hút khách trở lại."),
    ("trap_haiba", "Hai Bà Trưng là biểu tượng của tinh thần chống ngoại xâm của dân tộc."),
    ("trap_duongsach", "Nhà văn ra mắt tiểu thuyết mới tại đường sách Nguyễn Văn Bình, TPHCM."),
    ("trap_canbonu", "Cán bộ nữ chiếm 45% tổng số công chức của sở, báo cáo tổng kết năm nêu rõ."),
    ("trap_thanghanhdong", "Tháng hành động vì bình đẳng giới năm nay có chủ đề thúc đẩy sự tham gia của nam giới trong việc chia sẻ việc nhà."),
    ("trap_chiaviecnha", "Chị Mai chia sẻ, chồng chị luôn cùng chị nấu cơm, đưa đón con; hai vợ chồng chia đều việc nhà từ khi cưới."),
    ("trap_codon", "Cô đơn giữa thành phố đông đúc, nhiều người trẻ tìm đến các lớp học nấu ăn để kết bạn."),
    ("trap_bongchuyennu", "Giải bóng chuyền nữ quốc gia khởi tranh tại Ninh Bình với 8 đội tham dự."),
    ("trap_daotaonghe", "Trung tâm dịch vụ việc làm tổ chức lớp đào tạo nghề cho 50 lao động nữ bị mất việc do dịch."),
    ("trap_thieutuong", "Thiếu tướng Nguyễn Văn Sơn cho biết lực lượng biên phòng đã tăng cường tuần tra trên các đường mòn, lối mở."),
    ("trap_mecon", "Người mẹ ôm con chạy khỏi đám cháy, cả hai mẹ con may mắn thoát nạn."),
    ("trap_hoahau", "Hoa hậu Đỗ Thị Hà đăng quang với nhan sắc rạng rỡ và phần thi ứng xử thuyết phục ban giám khảo."),
    ("trap_phunhan", "Phu nhân Tổng thống thăm một trường tiểu học ở Hà Nội trong chuyến công du ba ngày."),
    ("trap_methiennhien", "Mẹ Thiên nhiên đang lên tiếng: mùa khô năm nay kéo dài bất thường ở Tây Nguyên."),
    ("trap_eulogy", "Tám chữ vàng \"Anh hùng, bất khuất, trung hậu, đảm đang\" được khắc trên tấm bia tại khu tưởng niệm."),
]

def build():
    recs, review = [], []
    for key, raw in FLAGGED + TRAPS:
        text, flags, pos, last = "", [], 0, 0
        for m in MARK.finditer(raw):
            text += raw[last:m.start()]
            start = len(text)
            text += m.group(3)
            # offsets into title + "\n" + text with title == ""
            flags.append({"span": [1 + start, 1 + len(text)], "category": m.group(1), "stance": m.group(2)})
            last = m.end()
        text += raw[last:]
        assert "{{" not in text and "}}" not in text, key
        recs.append({"id": f"para_{key}", "outlet": None, "title": "", "text": text, "flags": flags})
        for f in flags:
            s, e = f["span"]
            full = "\n" + text
            review.append(f"{key:18} {f['category']:10} {f['stance']:9} ⟦{full[s:e]}⟧")
    return recs, review

if __name__ == "__main__":
    recs, review = build()
    out = os.path.join(os.path.dirname(__file__), "..", "..", "tests", "gold", "flags-paragraphs.jsonl")
    with open(out, "w", encoding="utf-8") as f:
        for r in recs:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    if "--review" in sys.argv:
        print("\n".join(review))
    flags = [f for r in recs for f in r["flags"]]
    print(f"{len(recs)} paragraphs ({sum(1 for r in recs if not r['flags'])} traps), {len(flags)} flags", file=sys.stderr)
    c = Counter((f["category"], f["stance"]) for f in flags)
    for cat in ["STEREO", "BENEVOLENT", "APPEAR", "DEROG", "GMARK", "FAMILY", "GBV"]:
        print(f"  {cat:10} " + "  ".join(f"{s}={c[(cat, s)]}" for s in ["endorsed", "quoted", "critiqued"]), file=sys.stderr)
