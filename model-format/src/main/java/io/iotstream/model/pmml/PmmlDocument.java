package io.iotstream.model.pmml;

import io.iotstream.model.InvalidModelException;
import org.dmg.pmml.Header;
import org.dmg.pmml.MiningFunction;
import org.dmg.pmml.Model;
import org.dmg.pmml.PMML;
import org.dmg.pmml.regression.RegressionModel;
import org.jpmml.model.PMMLUtil;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import java.io.ByteArrayInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A PMML file being imported: the parsed document, its one logistic {@code RegressionModel}, and the original bytes,
 * which the provenance of a foreign file describes (digest, version as written).
 */
final class PmmlDocument {

    private final byte[] bytes;
    private final PMML pmml;
    private final RegressionModel model;

    private PmmlDocument(byte[] bytes, PMML pmml, RegressionModel model) {
        this.bytes = bytes;
        this.pmml = pmml;
        this.model = model;
    }

    /**
     * Parses {@code bytes} and checks that they hold a single logistic regression the scorer evaluates identically.
     *
     * @throws InvalidModelException if the XML is not PMML or the model is not such a regression
     */
    static PmmlDocument parse(byte[] bytes) throws InvalidModelException {
        PMML pmml = unmarshal(bytes);
        RegressionModel model = singleRegressionModel(pmml);
        requireLogisticClassification(model);
        requireRawInputs(pmml, model);
        return new PmmlDocument(bytes, pmml, model);
    }

    PMML pmml() {
        return pmml;
    }

    RegressionModel model() {
        return model;
    }

    /** The Header, or {@code null} if the file has none. */
    Header header() {
        return pmml.getHeader();
    }

    /** {@code "sha256:<hex>"} of the file as given. */
    String sha256() {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available in this JRE", e);
        }
    }

    /**
     * The version attribute as the file has it: the unmarshaller upgrades older PMML to 4.4 in memory, but the
     * provenance should name what the other tool wrote.
     */
    String sourceVersion() {
        String fallback = pmml.getVersion();
        XMLInputFactory factory = XMLInputFactory.newFactory();
        // No DTDs or external entities: this only reads one attribute of a file from elsewhere.
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        try {
            XMLStreamReader reader = factory.createXMLStreamReader(new ByteArrayInputStream(bytes));
            try {
                while (reader.hasNext()) {
                    if (reader.next() == XMLStreamConstants.START_ELEMENT) {
                        String v = reader.getAttributeValue(null, "version");
                        return v == null ? fallback : v;
                    }
                }
            } finally {
                reader.close();
            }
        } catch (XMLStreamException e) {
            // The document was already parsed successfully; fall back to what the unmarshaller reports.
        }
        return fallback;
    }

    private static PMML unmarshal(byte[] bytes) throws InvalidModelException {
        try {
            return PMMLUtil.unmarshal(new ByteArrayInputStream(bytes));
        } catch (Exception e) {
            // JAXB and SAX report as different types; to the caller all of them mean "not PMML we can parse".
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            throw new InvalidModelException("PMML is not well-formed or not PMML 3.0-4.4: " + root.getMessage()
                    + ": export the model again, or check that the file is complete", e);
        }
    }

    private static RegressionModel singleRegressionModel(PMML doc) throws InvalidModelException {
        if (doc == null || doc.getModels() == null || doc.getModels().size() != 1) {
            int n = doc == null || doc.getModels() == null ? 0 : doc.getModels().size();
            throw new InvalidModelException("PMML holds " + n + " models: import needs exactly one RegressionModel");
        }
        Model m = doc.getModels().get(0);
        if (!(m instanceof RegressionModel model)) {
            throw new InvalidModelException("PMML model is a " + m.getClass().getSimpleName()
                    + ": only a logistic RegressionModel can be imported");
        }
        return model;
    }

    private static void requireLogisticClassification(RegressionModel model) throws InvalidModelException {
        if (model.getMiningFunction() != MiningFunction.CLASSIFICATION) {
            throw new InvalidModelException("RegressionModel@functionName is " + model.getMiningFunction()
                    + ": import needs a classification model (functionName=\"classification\")");
        }
        if (model.getNormalizationMethod() != RegressionModel.NormalizationMethod.LOGIT) {
            throw new InvalidModelException("RegressionModel@normalizationMethod is " + model.getNormalizationMethod()
                    + ": only \"logit\" is a logistic regression this scorer evaluates identically");
        }
    }

    private static void requireRawInputs(PMML doc, RegressionModel model) throws InvalidModelException {
        if (model.getLocalTransformations() != null && model.getLocalTransformations().hasDerivedFields()
                || doc.getTransformationDictionary() != null
                && doc.getTransformationDictionary().hasDerivedFields()) {
            throw new InvalidModelException("PMML has DerivedFields (LocalTransformations or TransformationDictionary):"
                    + " the scorer reads raw sensor values only; export the model without preprocessing");
        }
    }
}
